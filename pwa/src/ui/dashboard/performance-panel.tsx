import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { addDays } from '../../../../core/src/time/days';
import type { PerformanceResult } from '../../../../core/src/api/core-api';
import type { PeriodKey } from '../../../../core/src/engine/periods';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { formatDay } from '../charts/chart-summary';
import { TimeChart } from '../charts/time-chart';
import { dayToUnix } from './dashboard-figures';
import { formatMoney } from '../format';
import { chartMoneyFormats, formatSignedPercent, signClass } from './dashboard-format';
import { performanceChartData } from './performance-series';
import { useWatch } from '../../state/use-watch';

export const PERIODS: { key: PeriodKey; label: string }[] = [
  { key: '1M', label: '1M' },
  { key: '3M', label: '3M' },
  { key: 'YTD', label: 'YTD' },
  { key: '1Y', label: '1Y' },
  { key: 'ALL', label: 'All' },
];

export const BENCHMARKS: { symbol: string; label: string }[] = [
  { symbol: '', label: 'None' },
  { symbol: '^GSPTSE', label: 'S&P/TSX Composite (^GSPTSE)' },
  { symbol: 'SPY', label: 'S&P 500 (SPY)' },
  { symbol: 'QQQ', label: 'Nasdaq-100 (QQQ)' },
];

const BENCHMARK_KEY = 'folio.dashboard.benchmark';

function storedBenchmark(): string {
  try {
    const stored = localStorage.getItem(BENCHMARK_KEY);
    return stored !== null && BENCHMARKS.some((b) => b.symbol === stored) ? stored : 'QQQ';
  } catch {
    return 'QQQ';
  }
}

/** Money-weighted return for the period; annualized when the period is longer than a year (as is usual). */
function xirrOf(result: PerformanceResult): { value: number | null; annualized: boolean } {
  const r = result.returns;
  if (!r) return { value: null, annualized: false };
  return r.mwrAnnualized !== null ? { value: r.mwrAnnualized, annualized: true } : { value: r.mwr, annualized: false };
}

/** All portfolios' value over a chosen period with its TWR and XIRR, compared with a chosen benchmark. */
export function PerformancePanel({ core, locale, baseCurrency }: { core: CoreClient; locale: string; baseCurrency: string }) {
  const [period, setPeriod] = useState<PeriodKey>('1Y');
  const [benchmark, setBenchmark] = useState(storedBenchmark);
  const result = useWatch<PerformanceResult>(core, { kind: 'performance', scope: {}, period, ...(benchmark ? { benchmark } : {}) });
  const formats = useMemo(() => chartMoneyFormats(baseCurrency, locale), [baseCurrency, locale]);
  const ready = result.state === 'ready' ? result.value : null;
  const chart = useMemo(() => (ready ? performanceChartData(ready) : null), [ready]);
  const xirr = ready ? xirrOf(ready) : null;
  const bench = ready?.benchmark;
  // Levels the device lacks are fetched once per benchmark and period (the worker stores them
  // and pushes a new result); what the source does not have is said, not guessed.
  const [levels, setLevels] = useState<{ key: string; state: 'loading' | 'none' | 'error'; message?: string } | null>(null);
  const asked = useRef(new Set<string>());
  const wanted = bench && bench.missing.length > 0 && ready ? `${bench.symbol}:${ready.range.from}:${ready.range.to}` : null;
  useEffect(() => {
    if (!wanted || !ready || asked.current.has(wanted)) return;
    asked.current.add(wanted);
    setLevels({ key: wanted, state: 'loading' });
    core
      .loadHistory(ready.benchmark!.symbol, addDays(ready.range.from, -7), addDays(ready.range.to, 1))
      .then((loaded) => setLevels(loaded.bars === 0 ? { key: wanted, state: 'none' } : null))
      .catch((error: unknown) => setLevels({ key: wanted, state: 'error', message: error instanceof Error ? error.message : String(error) }));
  }, [wanted]);
  const levelsNote = levels && levels.key === wanted ? levels : null;
  const chooseBenchmark = (symbol: string) => {
    setBenchmark(symbol);
    try {
      localStorage.setItem(BENCHMARK_KEY, symbol);
    } catch {
      // private mode: the choice lasts this visit
    }
  };

  return (
    <>
      <div class="dash-controls">
        <fieldset class="period-picker">
          <legend>Period</legend>
          {PERIODS.map((p) => (
            <label key={p.key}>
              <input type="radio" name="dash-period" value={p.key} checked={period === p.key} onChange={() => setPeriod(p.key)} />
              <span>{p.label}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Benchmark
          <select value={benchmark} onChange={(e) => chooseBenchmark((e.currentTarget as HTMLSelectElement).value)}>
            {BENCHMARKS.map((b) => (
              <option key={b.symbol} value={b.symbol}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.state === 'error' && <p class="field-error">{result.message}</p>}
      {result.state === 'loading' && <p class="muted">Calculating…</p>}
      {ready && (
        <>
          <dl class="dash-returns" aria-label="Returns for the period">
            <div>
              <dt>Time-weighted (TWR)</dt>
              <dd data-field="twr" class={signClass(ready.returns?.twr)}>
                {formatSignedPercent(ready.returns?.twr, locale)}
              </dd>
            </div>
            <div>
              <dt>Money-weighted (XIRR{xirr?.annualized ? ', a year' : ''})</dt>
              <dd data-field="xirr" class={signClass(xirr?.value)}>
                {formatSignedPercent(xirr?.value, locale)}
              </dd>
            </div>
            {bench && (
              <>
                <div>
                  <dt>{bench.symbol} over the period</dt>
                  <dd data-field="benchmark-twr" class={signClass(bench.twr)}>
                    {formatSignedPercent(bench.twr, locale)}
                  </dd>
                </div>
                <div>
                  <dt>Same cash flows in {bench.symbol}</dt>
                  <dd data-field="benchmark-value">{bench.sameCashFlowsValue === null ? '—' : formatMoney(bench.sameCashFlowsValue, baseCurrency, locale)}</dd>
                </div>
              </>
            )}
          </dl>
          {ready.gaps.length > 0 && <p class="dash-note">Returns are withheld while a price or exchange rate is missing (see above).</p>}
          {bench && bench.missing.length > 0 && (
            <p class="dash-note" data-field="benchmark-missing" role="status">
              {levelsNote?.state === 'loading'
                ? `Fetching ${bench.symbol} levels…`
                : levelsNote?.state === 'error'
                  ? `Could not fetch ${bench.symbol} levels: ${levelsNote.message}`
                  : `No ${bench.symbol} level ${levelsNote?.state === 'none' ? 'from the market data source' : 'on this device'} for ${bench.missing.length === 1 ? bench.missing[0] : `${bench.missing.length} days (first ${bench.missing[0]})`}: the comparison is not shown.`}
            </p>
          )}
          {chart && (
            <TimeChart
              title="Value over time"
              description={`All portfolios, ${formatDay(dayToUnix(ready.range.from), locale)} to ${formatDay(dayToUnix(ready.range.to), locale)}, in ${baseCurrency}${chart.series.length > 1 ? `, with ${chart.series[1]!.label} (same cash flows)` : ''}`}
              x={chart.x}
              series={chart.series}
              format={formats.text} axisFormat={formats.axis}
            />
          )}
        </>
      )}
    </>
  );
}

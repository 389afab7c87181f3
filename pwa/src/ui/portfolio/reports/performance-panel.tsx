import { useState } from 'preact/hooks';
import type { PerformanceResult } from '../../../../../core/src/api/core-api';
import type { DateRange, PeriodKey } from '../../../../../core/src/engine/periods';
import type { FieldIssue } from '../../../../../core/src/errors';
import { localDate } from '../../../../../core/src/time/local-date';
import { useApp } from '../../../state/app-context';
import { TimeChart } from '../../charts/time-chart';
import { formatMoney } from '../../format';
import { DataGaps } from './data-gaps';
import { customRange, PERIOD_CHOICES } from './period-choice';
import { formatDay, formatPercent, isoDateToUnix, MISSING, plottableValues } from './report-format';
import { useCoreWatch } from './use-core-watch';
import './reports.css';

/** One line each, because return figures confuse people: what the number answers. */
const EXPLAIN = {
  twr: 'How the investments themselves performed, whatever you added or took out and when: the figure to compare with a fund or an index.',
  xirr: 'Your own rate of return, counting when and how much money you put in or took out (XIRR: the internal rate of return).',
  simple: 'Gain divided by the starting value plus the money you added; it ignores when the money came in.',
  gain: 'Change in value minus the money you added (deposits and purchases paid from outside, less withdrawals).',
};

function PeriodPicker({ onPick, current }: { current: PeriodKey | DateRange; onPick: (period: PeriodKey | DateRange) => void }) {
  const custom = typeof current === 'object';
  const [showCustom, setShowCustom] = useState(custom);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [from, setFrom] = useState(custom ? current.from : '');
  const [to, setTo] = useState(custom ? current.to : localDate(new Date()));
  const issueFor = (field: string) => issues.find((i) => i.field === field);
  const apply = (event: Event) => {
    event.preventDefault();
    const checked = customRange(from, to, localDate(new Date()));
    if ('issues' in checked) setIssues(checked.issues);
    else {
      setIssues([]);
      onPick(checked.range);
    }
  };
  const dateInput = (field: 'from' | 'to', label: string, value: string, set: (v: string) => void) => {
    const issue = issueFor(field);
    return (
      <div class="field">
        <label for={`perf-${field}`}>{label}</label>
        <input type="date" id={`perf-${field}`} value={value} onInput={(e) => set(e.currentTarget.value)} aria-invalid={issue ? 'true' : undefined} aria-describedby={issue ? `perf-${field}-error` : undefined} />
        {issue && (
          <span class="field-error" id={`perf-${field}-error`} role="alert">
            {issue.message}
          </span>
        )}
      </div>
    );
  };
  return (
    <div class="report-controls">
      <fieldset class="segmented">
        <legend>Period</legend>
        {PERIOD_CHOICES.map((choice) => (
          <label key={choice.key} title={choice.label}>
            <input type="radio" name="perf-period" value={choice.key} checked={!showCustom && current === choice.key} onChange={() => (setShowCustom(false), onPick(choice.key))} />
            <span aria-hidden="true">{choice.key}</span>
            <span class="sr-only">{choice.label}</span>
          </label>
        ))}
        <label>
          <input type="radio" name="perf-period" value="custom" checked={showCustom} onChange={() => setShowCustom(true)} />
          <span>Custom</span>
        </label>
      </fieldset>
      {showCustom && (
        <form class="report-range" onSubmit={apply} noValidate aria-label="Custom period">
          {dateInput('from', 'From', from, setFrom)}
          {dateInput('to', 'To', to, setTo)}
          <button type="submit">Show period</button>
        </form>
      )}
    </div>
  );
}

function Figure({ id, term, value, detail, explain }: { id: string; term: string; value: string; detail?: string | undefined; explain: string }) {
  return (
    <div class="report-figure" data-figure={id}>
      <dt>{term}</dt>
      <dd>
        <span class="report-figure-value" data-field="value">
          {value}
        </span>
        {detail && <span class="report-figure-detail">{detail}</span>}
        <span class="report-figure-explain">{explain}</span>
      </dd>
    </div>
  );
}

/** Returns for a chosen period (TWR, XIRR, simple), the gain behind them and the value over time. */
export function PerformancePanel({ portfolioId }: { portfolioId: string }) {
  const { prefs } = useApp();
  const [period, setPeriod] = useState<PeriodKey | DateRange>('1Y');
  const query = { kind: 'performance' as const, scope: { portfolioId }, period };
  const { data, error, loading } = useCoreWatch<PerformanceResult>(query, `${portfolioId}|${JSON.stringify(period)}`);
  const locale = prefs.locale.value;
  const currency = prefs.baseCurrency.value;
  const money = (v: Parameters<typeof formatMoney>[0]) => formatMoney(v, currency, locale);
  const r = data?.returns ?? null;
  const plotMoney = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  // Nothing to draw when no day could be valued: the missing-data warning says why.
  const plotted = data ? plottableValues(data.series, data.gaps) : [];

  return (
    <section class="report" aria-labelledby="perf-heading" aria-busy={loading ? 'true' : undefined}>
      <h2 id="perf-heading">Performance</h2>
      <PeriodPicker current={period} onPick={setPeriod} />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p class="muted" role="status">Calculating…</p>}
      {data && (
        <>
          <p class="muted" data-field="range">
            From the close of {formatDay(data.range.from, locale)} to {formatDay(data.range.to, locale)}
            {r ? ` (${r.days} days)` : ''}. Amounts in {currency}.
          </p>
          <DataGaps gaps={data.gaps} consequence="Returns are not shown until these prices or rates are known; add them and the figures appear." />
          {data.series.length === 0 && data.gaps.length === 0 ? (
            <p class="muted">No transactions in this portfolio yet.</p>
          ) : (
            <dl class="report-figures">
              <Figure
                id="twr"
                term="Time-weighted return (TWR)"
                value={formatPercent(r?.twr ?? null, locale, { signed: true })}
                detail={!r ? undefined : r.twrAnnualized !== null ? `${formatPercent(r.twrAnnualized, locale, { signed: true })} a year (annualized)` : 'over the period, not annualized'}
                explain={EXPLAIN.twr}
              />
              <Figure
                id="xirr"
                term="Money-weighted return (XIRR)"
                value={r?.mwrAnnualized != null ? `${formatPercent(r.mwrAnnualized, locale, { signed: true })} a year` : formatPercent(r?.mwr ?? null, locale, { signed: true })}
                detail={
                  !r
                    ? undefined
                    : r.mwrAnnualized !== null
                      ? `annualized; ${formatPercent(r.mwr, locale, { signed: true })} over the period`
                      : 'over the period: a period of a year or less is not annualized, which would exaggerate it'
                }
                explain={EXPLAIN.xirr}
              />
              <Figure id="simple" term="Simple return" value={formatPercent(r?.simple ?? null, locale, { signed: true })} explain={EXPLAIN.simple} />
              <Figure
                id="gain"
                term="Gain for the period"
                value={r ? money(r.gain) : MISSING}
                detail={r ? `Value ${money(r.startValue)} → ${money(r.endValue)}; money added ${money(r.netFlows)}` : undefined}
                explain={EXPLAIN.gain}
              />
            </dl>
          )}
          {plotted.some((v) => v !== null) && (
            <TimeChart
              title="Portfolio value"
              description={`End-of-day market value in ${currency}, including cash${data.gaps.length ? '; the line stops where data is missing' : ''}.`}
              x={data.series.map((p) => isoDateToUnix(p.date))}
              series={[{ label: 'Value', values: plotted }]}
              format={(v) => plotMoney.format(v)}
            />
          )}
        </>
      )}
    </section>
  );
}

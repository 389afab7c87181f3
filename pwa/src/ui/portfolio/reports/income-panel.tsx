import { useState } from 'preact/hooks';
import type { IncomeResult } from '../../../../../core/src/api/core-api';
import type { Decimal } from '../../../../../core/src/money/decimal';
import { localDate } from '../../../../../core/src/time/local-date';
import { useApp } from '../../../state/app-context';
import { BarChart } from '../../charts/bar-chart';
import { formatMoney } from '../../format';
import { DataGaps } from './data-gaps';
import { defaultIncomeWindow, monthlyIncomeChart, windowMonths, type IncomeWindow } from './income-series';
import { formatPercent } from './report-format';
import { useCoreWatch } from './use-core-watch';
import './reports.css';

/** "1 payment", "3 payments". */
const payments = (count: number): string => `${count} ${count === 1 ? 'payment' : 'payments'}`;

/** Dividends and interest by month (chart) and by year, with withholding tax and the trailing yield.
 * Amounts without an exchange rate are left out of the totals, and each total says how many. */
export function IncomePanel({ portfolioId }: { portfolioId: string }) {
  const { prefs } = useApp();
  const { data, error, loading } = useCoreWatch<IncomeResult>({ kind: 'income', scope: { portfolioId } }, portfolioId);
  const locale = prefs.locale.value;
  const currency = prefs.baseCurrency.value;
  const money = (v: Decimal) => formatMoney(v, currency, locale);
  const plotMoney = new Intl.NumberFormat(locale, { style: 'currency', currency });
  const currentMonth = localDate(new Date()).slice(0, 7);
  const [picked, setPicked] = useState<IncomeWindow | null>(null);
  const shown = picked ?? (data ? defaultIncomeWindow(data.byMonth, data.byYear, currentMonth) : 'last12');
  const chart = data ? monthlyIncomeChart(data.byMonth, locale, windowMonths(shown, currentMonth)) : null;

  return (
    <section class="report" aria-labelledby="income-heading" aria-busy={loading ? 'true' : undefined}>
      <h2 id="income-heading">Income</h2>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p class="muted" role="status">Calculating…</p>}
      {data && (
        <>
          <DataGaps gaps={data.gaps} consequence="Income converted with these rates is left out of the totals until the rates are known." />
          {data.byYear.length === 0 ? (
            <p class="muted">No dividends or interest recorded yet.</p>
          ) : (
            <>
              <dl class="report-figures">
                <div class="report-figure" data-figure="trailing-yield">
                  <dt>Trailing 12-month yield</dt>
                  <dd>
                    <span class="report-figure-value">{formatPercent(data.trailingYield.yield, locale)}</span>
                    <span class="report-figure-detail">
                      {money(data.trailingYield.income)} received in the last 12 months, before withholding tax
                      {data.trailingYield.unknown > 0 && `, besides ${payments(data.trailingYield.unknown)} whose exchange rate is missing`}
                    </span>
                    <span class="report-figure-explain">That income divided by today's market value{data.trailingYield.yield === null ? ' (not shown while the market value is unknown)' : ''}.</span>
                  </dd>
                </div>
                <div class="report-figure" data-figure="yield-on-cost">
                  <dt>Yield on cost</dt>
                  <dd>
                    <span class="report-figure-value">{formatPercent(data.yieldOnCost.yield, locale)}</span>
                    <span class="report-figure-explain">The same income divided by what you paid for the holdings.</span>
                  </dd>
                </div>
              </dl>
              <div class="report-controls">
                <div class="field">
                  <label for="income-window">Months shown</label>
                  <select id="income-window" value={shown} onChange={(e) => setPicked(e.currentTarget.value)}>
                    <option value="last12">Last 12 months</option>
                    {[...data.byYear].reverse().map((y) => (
                      <option key={y.year} value={y.year}>
                        {y.year}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {chart && (
                <BarChart
                  title="Income by month"
                  description={`${shown === 'last12' ? 'The last 12 months' : `Each month of ${shown}`} in ${currency}: dividends and interest as paid, before tax${chart.series.some((s) => s.label === 'Withholding tax' || s.label === 'Fees') ? '; tax withheld and fees below zero' : ''}.${chart.unknown > 0 ? ` ${payments(chart.unknown)} not shown: ${chart.unknown === 1 ? 'its' : 'their'} exchange rate is missing.` : chart.series.length === 0 ? ' Nothing was paid in these months.' : ''}`}
                  labels={chart.labels}
                  series={chart.series.length ? chart.series : [{ label: 'Income', values: chart.labels.map(() => 0) }]}
                  format={(v) => plotMoney.format(v)}
                />
              )}
              <div class="report-table-scroll" tabIndex={0} role="region" aria-label="Income by year">
                <table class="report-table" aria-label="Income by year" data-report="income-years">
                  <thead>
                    <tr>
                      <th scope="col">Year</th>
                      <th scope="col" class="num">Dividends</th>
                      <th scope="col" class="num">Interest</th>
                      <th scope="col" class="num">Withholding tax</th>
                      <th scope="col" class="num">Fees</th>
                      <th scope="col" class="num">Net</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...data.byYear].reverse().map((y) => (
                      <tr key={y.year} data-year={y.year}>
                        <th scope="row">
                          {y.year}
                          {y.unknown > 0 && <span class="report-row-note" data-field="unknown"> (leaves out {payments(y.unknown)} whose exchange rate is missing)</span>}
                        </th>
                        <td class="num" data-field="dividends">{money(y.dividends)}</td>
                        <td class="num" data-field="interest">{money(y.interest)}</td>
                        <td class="num" data-field="withholding">{money(y.withholdingTax)}</td>
                        <td class="num" data-field="fees">{money(y.fees)}</td>
                        <td class="num" data-field="net">{money(y.net)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </section>
  );
}

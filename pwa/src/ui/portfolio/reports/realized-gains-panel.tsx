import { useEffect, useState } from 'preact/hooks';
import type { RealizedGainsResult } from '../../../../../core/src/api/core-api';
import { amountsKnown, type SuperficialLoss } from '../../../../../core/src/engine/tax';
import { isNegative, isZero, type Decimal } from '../../../../../core/src/money/decimal';
import { useApp } from '../../../state/app-context';
import { formatMoney, formatQuantity } from '../../format';
import { AcbNow } from './acb-now';
import { DataGaps } from './data-gaps';
import { downloadText } from './download';
import { formatDay } from './report-format';
import { errorMessage, useDataChanges } from './use-core-watch';
import './reports.css';

const SUPERFICIAL_EXPLAINED =
  'A superficial loss: you (or someone affiliated with you) bought the same security in the 30 days before or after this sale. ' +
  'The denied part of the loss cannot be claimed this year; it is added to the cost base (ACB) of the units bought back, so it reduces a later gain. ' +
  'Flagged from the transactions recorded here, in all your portfolios: check with your accountant.';

/** Realized capital gains per tax year with each disposition, superficial losses flagged, and a CSV export. */
export function RealizedGainsPanel({ portfolioId }: { portfolioId: string }) {
  const { core, prefs } = useApp();
  const changes = useDataChanges();
  const [data, setData] = useState<RealizedGainsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportStatus, setExportStatus] = useState('');
  const locale = prefs.locale.value;
  const currency = prefs.baseCurrency.value;
  const money = (v: Decimal) => formatMoney(v, currency, locale);

  useEffect(() => {
    let active = true;
    core.getRealizedGains({ portfolioId }).then(
      (next) => active && (setData(next), setError(null)),
      (e: unknown) => active && setError(errorMessage(e)),
    );
    return () => void (active = false);
  }, [portfolioId, changes]);

  async function exportCsv() {
    try {
      const csv = await core.exportRealizedGainsCsv({ portfolioId });
      downloadText(csv, `realized-gains-${portfolioId}.csv`, 'text/csv');
      setExportStatus('CSV downloaded.');
    } catch (e) {
      setExportStatus(`Export failed: ${errorMessage(e)}`);
    }
  }

  const flags = new Map<string, SuperficialLoss>((data?.superficialLosses ?? []).map((f) => [f.transactionId, f]));
  const registered = new Set(data?.registeredAccounts ?? []);
  return (
    <section class="report" aria-labelledby="realized-heading">
      <h2 id="realized-heading">Realized gains by tax year</h2>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {!data && !error && <p class="muted" role="status">Calculating…</p>}
      {data && (
        <>
          <p class="muted">
            Amounts in {currency} at each trade's exchange rate; proceeds are net of commissions. The cost base is the adjusted cost base (ACB) pooled over this portfolio's
            taxable accounts, as the CRA averages identical securities across a taxpayer's accounts, whatever cost-basis method the holdings are shown with. Sales in
            registered accounts (TFSA, RRSP) are listed but kept out of the totals: they have no capital gains to report. A transfer in kind into a registered account
            counts as a sale at market value.
          </p>
          <AcbNow rows={data.acbNow} currency={currency} locale={locale} />
          <DataGaps gaps={data.gaps} consequence="Sales needing these rates or prices have no gain in the base currency until they are known." />
          <div class="report-actions">
            <button type="button" onClick={exportCsv} disabled={data.years.length === 0}>
              Export CSV
            </button>
            <span class="muted" role="status" aria-live="polite">
              {exportStatus}
            </span>
          </div>
          {data.years.length === 0 && <p class="muted">No sales yet: gains are realized when you sell.</p>}
          {[...data.years].reverse().map((year) => {
            // Totals are over the sales whose amounts are known; with none known there is no total.
            const counted = year.dispositions.length - year.registeredSales;
            const total = (v: Decimal) => (year.unknownSales > 0 && year.unknownSales === counted ? '—' : money(v));
            // What the unknown sales lack: an exchange rate, a market price (a transfer in kind), or some of each.
            const unknownSales = year.dispositions.filter((d) => !registered.has(d.accountId) && !amountsKnown(d));
            const lacking = unknownSales.every((d) => d.fxGap) ? 'exchange rate' : unknownSales.every((d) => d.priceGap) ? 'market price' : 'exchange rate or market price';
            return (
              <section class="report-block" key={year.year} aria-labelledby={`realized-${year.year}`} data-year={year.year}>
                <h3 id={`realized-${year.year}`}>{year.year}</h3>
                <dl class="report-figures compact" aria-describedby={year.unknownSales ? `realized-${year.year}-unknown` : undefined}>
                  <div class="report-figure" data-figure="proceeds">
                    <dt>Proceeds</dt>
                    <dd class="report-figure-value">{total(year.proceeds)}</dd>
                  </div>
                  <div class="report-figure" data-figure="acb">
                    <dt>Cost base (ACB)</dt>
                    <dd class="report-figure-value">{total(year.costBase)}</dd>
                  </div>
                  <div class="report-figure" data-figure="gain">
                    <dt>{isNegative(year.gain) ? 'Net loss' : 'Net gain'}</dt>
                    <dd class="report-figure-value">{total(year.gain)}</dd>
                  </div>
                  {!isZero(year.deniedLoss) && (
                    <div class="report-figure" data-figure="adjusted-gain">
                      <dt>After denied losses</dt>
                      <dd>
                        <span class="report-figure-value">{money(year.adjustedGain)}</span>
                        <span class="report-figure-detail">{money(year.deniedLoss)} of losses denied</span>
                      </dd>
                    </div>
                  )}
                </dl>
                {year.unknownSales > 0 && (
                  <p class="report-note" id={`realized-${year.year}-unknown`} data-field="unknown-sales">
                    {year.unknownSales === counted
                      ? `No total: the ${lacking} ${year.unknownSales === 1 ? 'this sale needs is' : 'these sales need is'} missing.`
                      : `Totals leave out ${year.unknownSales} ${year.unknownSales === 1 ? 'sale' : 'sales'} whose ${lacking} is missing (— below).`}
                  </p>
                )}
                {year.registeredSales > 0 && (
                  <p class="report-note" data-field="registered-sales">
                    Not in these totals: {year.registeredSales} {year.registeredSales === 1 ? 'sale' : 'sales'} in registered accounts (gain {money(year.registeredGain)}), which are not taxable.
                  </p>
                )}
                <div class="report-table-scroll" tabIndex={0} role="region" aria-label={`Sales in ${year.year}: table`}>
                  <table class="report-table" aria-label={`Sales in ${year.year}`} data-report="dispositions">
                    <thead>
                      <tr>
                        <th scope="col">Date</th>
                        <th scope="col">Symbol</th>
                        <th scope="col" class="num">Quantity</th>
                        <th scope="col" class="num">Proceeds</th>
                        <th scope="col" class="num">ACB</th>
                        <th scope="col" class="num">Gain</th>
                      </tr>
                    </thead>
                    <tbody>
                      {year.dispositions.map((d, i) => {
                        const flag = flags.get(d.transactionId);
                        const unknown = !amountsKnown(d);
                        return (
                          <tr key={`${d.transactionId}-${i}`} data-transaction={d.transactionId} data-superficial={flag ? 'true' : undefined} data-registered={registered.has(d.accountId) ? 'true' : undefined}>
                            <td>{formatDay(d.date, locale)}</td>
                            <th scope="row">
                              {d.symbol}
                              {d.reason === 'negative_acb' && <span class="tag">return of capital beyond ACB</span>}
                              {d.reason === 'transfer_to_registered' && <span class="tag">transfer in kind to a registered account: a sale at market value</span>}
                              {registered.has(d.accountId) && <span class="tag">registered: not taxable</span>}
                            </th>
                            <td class="num" data-field="quantity">{formatQuantity(d.quantity, locale)}</td>
                            <td class="num" data-field="proceeds">{unknown ? '—' : money(d.proceedsBase)}</td>
                            <td class="num" data-field="acb">{unknown ? '—' : money(d.costBase)}</td>
                            <td class="num" data-field="gain">
                              {unknown ? '—' : money(d.gainBase)}
                              {d.reason === 'transfer_to_registered' && d.deniedLoss && (
                                <span class="report-flag" data-field="denied">
                                  Loss denied: {money(d.deniedLoss)} (a loss on a transfer into a registered account cannot be claimed)
                                </span>
                              )}
                              {flag && (
                                <span class="report-flag" data-field="superficial">
                                  Superficial loss: {money(flag.deniedLoss)} denied
                                  <span class="sr-only">. {SUPERFICIAL_EXPLAINED}</span>
                                </span>
                              )}
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                {year.dispositions.some((d) => flags.has(d.transactionId)) && (
                  <p class="report-note" aria-hidden="true">
                    {SUPERFICIAL_EXPLAINED}
                  </p>
                )}
              </section>
            );
          })}
        </>
      )}
    </section>
  );
}

import type { HoldingsSummary } from '../../../../core/src/engine/holdings-summary';
import { toDecimalString, type Decimal } from '../../../../core/src/money/decimal';
import { formatMoney, formatQuantity } from '../format';
import { describeGaps, formatDay } from './report-lines';
import './report.css';

/** A missing figure: shown as missing (never 0), and read out as such. */
function Missing() {
  return (
    <span class="missing" title="Missing price or exchange rate">
      —<span class="sr-only"> missing</span>
    </span>
  );
}

/**
 * The printable portfolio report: holdings with cost, value and gains in the base currency,
 * cash, and totals. The print stylesheet drops the app's navigation and buttons and prints
 * black on white; "Print / save as PDF" opens the browser's dialog.
 */
export function PortfolioReport({ summary, locale }: { summary: HoldingsSummary | null; locale: string }) {
  if (!summary) return <p role="status">Loading…</p>;
  const base = summary.baseCurrency;
  const money = (value: Decimal | null, currency = base) => (value === null ? <Missing /> : formatMoney(value, currency, locale));
  const percent = (value: Decimal | null) =>
    // Intl formats the decimal string itself, so the share is rounded only for display.
    value === null ? <Missing /> : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(toDecimalString(value) as unknown as number);
  const gaps = describeGaps(summary.gaps);
  const { totals } = summary;
  return (
    <article class="print-report" aria-labelledby="report-heading">
      <header class="report-header">
        <h1 id="report-heading">Portfolio report</h1>
        <p>
          As of {formatDay(summary.asOf, locale)} · amounts in {base}
        </p>
        <button type="button" class="no-print" onClick={() => window.print()}>
          Print / save as PDF
        </button>
        <a class="no-print" href="/import">
          Back to import &amp; export
        </a>
      </header>

      {summary.holdings.some((h) => h.priceInfo?.demo) && <p class="demo-label">Prices are recorded demo data, not live quotes.</p>}
      <dl class="report-totals">
        <div>
          <dt>Market value</dt>
          <dd data-field="total-value">{money(totals.marketValueBase)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{money(totals.costBase)}</dd>
        </div>
        <div>
          <dt>Unrealized gain</dt>
          <dd>{money(totals.unrealizedBase)}</dd>
        </div>
        <div>
          <dt>Realized gain</dt>
          <dd>{money(totals.realizedBase)}</dd>
        </div>
        <div>
          <dt>Cash</dt>
          <dd>{money(totals.cashBase)}</dd>
        </div>
      </dl>

      {summary.holdings.length === 0 ? (
        <p>No holdings yet.</p>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-labelledby="report-holdings-caption">
          <table class="holdings report-table">
            <caption id="report-holdings-caption">Holdings ({base})</caption>
            <thead>
              <tr>
                <th scope="col">Symbol</th>
                <th scope="col" class="num">Quantity</th>
                <th scope="col" class="num">Price (its currency)</th>
                <th scope="col" class="num">Cost</th>
                <th scope="col" class="num">Market value</th>
                <th scope="col" class="num">Unrealized gain</th>
                <th scope="col" class="num">Realized gain</th>
                <th scope="col" class="num">Income</th>
                <th scope="col" class="num">Weight</th>
              </tr>
            </thead>
            <tbody>
              {summary.holdings.map((h) => (
                <tr key={`${h.symbol}-${h.currency}`} data-symbol={h.symbol}>
                  <th scope="row">{h.symbol}</th>
                  <td class="num" data-field="quantity">{formatQuantity(h.quantity, locale)}</td>
                  <td class="num" data-field="price">{h.price ? formatMoney(h.price.value, h.currency, locale) : <Missing />}</td>
                  <td class="num">{money(h.costBase)}</td>
                  <td class="num" data-field="market-value">{money(h.marketValueBase)}</td>
                  <td class="num">{money(h.unrealizedBase)}</td>
                  <td class="num">{money(h.realizedBase)}</td>
                  <td class="num">{money(h.dividendsBase)}</td>
                  <td class="num">{percent(h.weight)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {summary.cash.length > 0 && (
        <>
          <h2>Cash</h2>
          <ul class="report-cash">
            {summary.cash.map((c) => (
              <li key={`${c.accountId}-${c.currency}`} data-currency={c.currency}>
                {formatMoney(c.amount, c.currency, locale)}
                {c.currency !== base && <> ({money(c.amountBase)})</>}
              </li>
            ))}
          </ul>
        </>
      )}

      {gaps.length > 0 && (
        <section aria-labelledby="report-gaps-heading">
          <h2 id="report-gaps-heading">Not valued</h2>
          <p>These figures are missing, so totals that depend on them are left blank rather than guessed:</p>
          <ul>
            {gaps.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        </section>
      )}
    </article>
  );
}

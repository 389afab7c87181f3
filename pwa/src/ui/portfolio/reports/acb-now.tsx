import type { RealizedGainsResult } from '../../../../../core/src/api/core-api';
import type { Decimal } from '../../../../../core/src/money/decimal';
import { formatMoney, formatQuantity } from '../../format';
import { describeGaps, formatUnitMoney } from '../grid-format';
import { Unknown } from '../unknown';

/**
 * What the taxable accounts hold now, at the ACB a tax return would use (pooled over the
 * portfolio's taxable accounts, in the base currency): the figure Canadian investors look up
 * before selling, and the one the holdings' own average cost (per account view, in the
 * security's currency, registered accounts included) is not.
 */
export function AcbNow({ rows, currency, locale }: { rows: RealizedGainsResult['acbNow']; currency: string; locale: string }) {
  if (rows.length === 0) return null;
  const money = (value: Decimal | null, why: string) => (value === null ? <Unknown why={why} /> : formatMoney(value, currency, locale));
  return (
    <section class="report-block" aria-labelledby="acb-now-heading" data-report="acb-now">
      <h3 id="acb-now-heading">Adjusted cost base now</h3>
      <p class="report-note">Units held in this portfolio's taxable accounts, and their ACB in {currency}: what a sale today would be measured against.</p>
      <div class="report-table-scroll" tabIndex={0} role="region" aria-label="Adjusted cost base now: table">
        <table class="report-table" aria-label="Adjusted cost base now">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" class="num">Units</th>
              <th scope="col" class="num">ACB</th>
              <th scope="col" class="num">ACB per unit</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const why = row.gap ? describeGaps([row.gap]) : '';
              return (
                <tr key={`${row.symbol}-${row.currency}`} data-symbol={row.symbol}>
                  <th scope="row">
                    {row.symbol}
                    {row.currency !== currency && <span class="report-row-note">in {row.currency}; ACB in {currency} at each purchase's rate</span>}
                  </th>
                  <td class="num" data-field="units">{formatQuantity(row.quantity, locale)}</td>
                  <td class="num" data-field="acb">{money(row.acb, why)}</td>
                  <td class="num" data-field="acb-per-unit">
                    {row.acbPerUnit === null ? <Unknown why={why} /> : formatUnitMoney(row.acbPerUnit, currency, locale)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

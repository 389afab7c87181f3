import type { RebalancePlan } from '../../../../../core/src/api/core-api';
import { holdingName } from '../../../../../core/src/engine/allocation';
import type { Trade } from '../../../../../core/src/engine/rebalance';
import { abs, type Decimal } from '../../../../../core/src/money/decimal';
import { formatQuantity } from '../../format';
import { tradeAction } from './rebalance-view';
import { formatPercent } from './report-format';
import './reports.css';

function TradesTable({ label, trades, leftover, money, locale }: { label: string; trades: Trade[]; leftover: Decimal; money: (v: Decimal) => string; locale: string }) {
  return (
    <div class="report-block" data-report={label === 'Buy only' ? 'buy-only' : 'full'}>
      <h4>{label}</h4>
      {trades.length === 0 ? (
        <p class="muted">No trades needed.</p>
      ) : (
        <div class="report-table-scroll" tabIndex={0} role="region" aria-label={`${label}: trades`}>
          <table class="report-table" aria-label={`${label} trades`}>
            <thead>
              <tr>
                <th scope="col">Target</th>
                <th scope="col">Action</th>
                <th scope="col" class="num">Amount</th>
                <th scope="col" class="num">Units</th>
                <th scope="col" class="num">Price</th>
              </tr>
            </thead>
            <tbody>
              {trades.map((t) => (
                <tr key={t.key} data-key={t.key}>
                  <th scope="row">{t.label}</th>
                  <td data-field="action">{tradeAction(t)}</td>
                  <td class="num" data-field="amount">{money(abs(t.amount))}</td>
                  <td class="num" data-field="units">{t.units === undefined ? '—' : formatQuantity(abs(t.units), locale)}</td>
                  <td class="num">{t.price === undefined ? '—' : money(t.price)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="muted" data-field="leftover">Cash left over: {money(leftover)}</p>
    </div>
  );
}

/** Drift from the targets, and the trades of both plans side by side. */
export function RebalancePlanView({ plan, money, locale }: { plan: RebalancePlan; money: (v: Decimal) => string; locale: string }) {
  const { buyOnly, full } = plan;
  if (plan.missing.length > 0 || !buyOnly || !full) {
    return (
      <div class="banner banner-warning" role="status" data-report="rebalance-missing">
        <strong>No plan yet:</strong> no price or exchange rate for {plan.missing.map(holdingName).join(', ')}. Without {plan.missing.length === 1 ? 'its' : 'their'} value
        every weight would be wrong, so drift and trades are shown once market data gives {plan.missing.length === 1 ? 'it' : 'them'} one.
      </div>
    );
  }
  return (
    <div class="rebalance-plan" aria-live="polite">
      <h4>Drift from targets</h4>
      <div class="report-table-scroll" tabIndex={0} role="region" aria-label="Drift from targets: table">
        <table class="report-table" aria-label="Drift from targets" data-report="drift">
          <thead>
            <tr>
              <th scope="col">Target</th>
              <th scope="col" class="num">Value</th>
              <th scope="col" class="num">Current</th>
              <th scope="col" class="num">Target</th>
              <th scope="col" class="num">Drift</th>
            </tr>
          </thead>
          <tbody>
            {plan.drift.map((d) => (
              <tr key={d.key} data-key={d.key}>
                <th scope="row">{d.label}</th>
                <td class="num">{money(d.currentValue)}</td>
                <td class="num">{formatPercent(d.currentWeight, locale, { digits: 1 })}</td>
                <td class="num">{formatPercent(d.targetWeight, locale, { digits: 1 })}</td>
                <td class="num" data-field="drift">{formatPercent(d.drift, locale, { digits: 1, signed: true })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="rebalance-options">
        <TradesTable label="Buy only" trades={buyOnly.trades} leftover={buyOnly.leftover} money={money} locale={locale} />
        <TradesTable label="Full rebalance" trades={full.trades} leftover={full.leftover} money={money} locale={locale} />
      </div>
      <p class="muted">Buy only invests the new cash in the most underweight targets first and sells nothing; a full rebalance also sells what is overweight (which may realize taxable gains). Suggestions, not orders.</p>
    </div>
  );
}


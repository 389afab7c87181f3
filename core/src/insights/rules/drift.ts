/**
 * Drift from target weights, with the trades of a full rebalance (engine/rebalance.ts) as
 * suggested actions. Targets belong to a portfolio, so each portfolio in scope is judged alone.
 */
import { isCashSymbol } from '../../engine/allocation';
import { abs, cmp, isNegative, type Decimal } from '../../money/decimal';
import { ratioOf } from '../insight-format';
import type { Insight } from '../insight-types';
import type { InsightInput, TargetsView } from '../insight-input';
import { threshold } from '../insight-thresholds';
import { severityAbove, tabLink, type Rule } from './rule-support';

const MAX_ACTIONS = 8;

function tradeText(input: InsightInput, trade: TargetsView['trades'][number]): string {
  const f = input.format;
  const amount = f.money(abs(trade.amount), input.baseCurrency);
  // Cash is a bucket of its own: too much of it is invested, too little is raised by the sales.
  if (isCashSymbol(trade.key)) {
    const currency = trade.key.slice('CASH:'.length);
    return isNegative(trade.amount) ? `Invest ≈ ${amount} of the cash in ${currency}` : `Keep ≈ ${amount} more as cash in ${currency}`;
  }
  const verb = isNegative(trade.amount) ? 'Sell' : 'Buy';
  if (trade.units !== undefined) return `${verb} ${f.quantity(abs(trade.units))} ${trade.label} (≈ ${amount})`;
  return `${verb} ≈ ${amount} of ${trade.label}`;
}

export const targetDrift: Rule = (input) => {
  const f = input.format;
  const band = threshold(input.thresholds, 'driftBand');
  const found: Insight[] = [];
  for (const view of input.targets) {
    const out = view.drift.filter((r) => cmp(abs(r.drift), band) > 0).sort((a, b) => cmp(abs(b.drift), abs(a.drift)));
    if (!out.length) continue;
    const worst: Decimal = abs(out[0]!.drift);
    const rows = out.map((r) => `${r.label} is ${f.percent(r.currentWeight)} against a target of ${f.percent(r.targetWeight)} (${f.points(ratioOf(r.drift))})`);
    const trades = view.trades.slice(0, MAX_ACTIONS).map((t) => tradeText(input, t));
    const path = `/portfolio/${encodeURIComponent(view.portfolioId)}`;
    found.push({
      id: `target-drift:${view.portfolioId}`,
      rule: 'target-drift',
      severity: severityAbove(worst, band),
      title: `${out.length} ${out.length === 1 ? 'target has' : 'targets have'} drifted more than ${f.percent(band)}`,
      explanation:
        `In ${view.portfolioName}: ${f.list(rows)}. Your band is ${f.percent(band)} either way. ` +
        'Rebalancing brings the portfolio back to the risk you chose; directing new money to what is underweight does it without selling (and, in taxable accounts, without realizing gains).',
      figures: out.map((r) => ({ label: r.label, value: `${f.percent(r.currentWeight)} / ${f.percent(r.targetWeight)}` })),
      ...(trades.length ? { actions: view.trades.length > MAX_ACTIONS ? [...trades, `… and ${view.trades.length - MAX_ACTIONS} more trades in the full plan`] : trades } : {}),
      link: tabLink(path, 'rebalancing'),
      source: 'rules',
    });
  }
  return found;
};

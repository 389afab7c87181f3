import { useEffect, useState } from 'preact/hooks';
import type { RebalancePlan } from '../../../../../core/src/api/core-api';
import type { TargetRow } from '../../../../../core/src/db/rows';
import { cmp, dec, isDecimalString, toDecimalString, ZERO, type Decimal } from '../../../../../core/src/money/decimal';
import { useApp } from '../../../state/app-context';
import { formatMoney } from '../../format';
import { RebalancePlanView } from './rebalance-plan';
import { TargetEditor } from './target-editor';
import { errorMessage, useDataChanges } from './use-core-watch';
import './reports.css';

/** Target weights (editable) and trades that move the portfolio towards them with new cash. */
export function RebalancePanel({ portfolioId }: { portfolioId: string }) {
  const { core, prefs } = useApp();
  const changes = useDataChanges();
  const [stored, setStored] = useState<TargetRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [cash, setCash] = useState('0');
  const [cashIssue, setCashIssue] = useState<string | null>(null);
  const [asked, setAsked] = useState<string | null>(null);
  const [plan, setPlan] = useState<RebalancePlan | null>(null);
  const locale = prefs.locale.value;
  const currency = prefs.baseCurrency.value;
  const money = (v: Decimal) => formatMoney(v, currency, locale);

  useEffect(() => {
    let active = true;
    core.listTargets(portfolioId).then(
      (targets) => active && (setStored(targets), setLoadError(null)),
      (error: unknown) => active && setLoadError(errorMessage(error)),
    );
    return () => void (active = false);
  }, [portfolioId, changes]);

  // A plan shown stays current: recomputed after every data change (and new targets).
  useEffect(() => {
    if (asked === null) return undefined;
    let active = true;
    core.getRebalance(portfolioId, asked).then(
      (next) => active && (setPlan(next), setCashIssue(null)),
      (error: unknown) => active && (setPlan(null), setCashIssue(errorMessage(error))),
    );
    return () => void (active = false);
  }, [portfolioId, asked, changes, stored]);

  function suggest(event: Event) {
    event.preventDefault();
    const value = cash.trim() === '' ? '0' : cash.trim();
    if (!isDecimalString(value)) return setCashIssue('Enter an amount such as 1000 or 250.50');
    if (cmp(dec(value), ZERO) < 0) return setCashIssue('New cash cannot be negative');
    setCashIssue(null);
    setAsked(toDecimalString(dec(value)));
  }

  const hasTargets = !!stored && stored.length > 0;
  return (
    <section class="report" aria-labelledby="rebalance-heading">
      <h2 id="rebalance-heading">Targets and rebalancing</h2>
      {loadError && (
        <p class="field-error" role="alert">
          {loadError}
        </p>
      )}
      <TargetEditor portfolioId={portfolioId} stored={stored} onSaved={() => core.listTargets(portfolioId).then(setStored)} />
      <form class="rebalance-cash" onSubmit={suggest} noValidate aria-labelledby="rebalance-cash-heading">
        <h3 id="rebalance-cash-heading">Suggested trades</h3>
        {!hasTargets && <p class="muted">Save target weights first; suggestions then show here.</p>}
        <div class="report-controls">
          <div class="field">
            <label for="rebalance-cash">New cash to invest ({currency})</label>
            <input id="rebalance-cash" value={cash} inputMode="decimal" autoComplete="off" onInput={(e) => setCash(e.currentTarget.value)} aria-invalid={cashIssue ? 'true' : undefined} aria-describedby={cashIssue ? 'rebalance-cash-error' : undefined} />
            {cashIssue && (
              <span class="field-error" id="rebalance-cash-error" role="alert">
                {cashIssue}
              </span>
            )}
          </div>
          <button type="submit" disabled={!hasTargets}>
            Suggest trades
          </button>
        </div>
      </form>
      {plan && hasTargets && <RebalancePlanView plan={plan} money={money} locale={locale} />}
    </section>
  );
}

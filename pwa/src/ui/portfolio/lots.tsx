import { useEffect, useState } from 'preact/hooks';
import type { HoldingSummary } from '../../../../core/src/engine/holdings-summary';
import type { CostBasisMethod, Lot } from '../../../../core/src/engine/types';
import { div, isZero } from '../../../../core/src/money/decimal';
import { useApp } from '../../state/app-context';
import { formatMoney, formatQuantity } from '../format';
import { formatUnitMoney } from './grid-format';

type LotsState = { state: 'loading' } | { state: 'ready'; lots: Lot[]; accounts: Map<string, string> } | { state: 'error'; message: string };

/**
 * The open lots of one holding (each buy still held, with its remaining cost), read from the
 * worker when shown and again whenever `refresh` (the holdings result) changes.
 */
export function Lots({ portfolioId, holding, base, method, refresh, id }: { portfolioId: string; holding: HoldingSummary; base: string; method: CostBasisMethod | undefined; refresh: unknown; id: string }) {
  const { core, prefs } = useApp();
  const locale = prefs.locale.value;
  const [result, setResult] = useState<LotsState>({ state: 'loading' });
  const { symbol, currency } = holding;

  useEffect(() => {
    let active = true;
    Promise.all([core.getLots({ portfolioId }, symbol), core.listAccounts(portfolioId)]).then(
      ([lots, accounts]) => active && setResult({ state: 'ready', lots: lots.filter((l) => !isZero(l.quantity)), accounts: new Map(accounts.map((a) => [a.id, a.name])) }),
      (error: unknown) => active && setResult({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      active = false;
    };
  }, [core, portfolioId, symbol, refresh]);

  return (
    <div class="lots" id={id} data-lots={symbol}>
      <h3 class="lots-heading">Open lots of {symbol}</h3>
      {method === 'average' && <p class="muted lots-note">This portfolio uses average cost: units are pooled, so these lots (oldest first) are for reference; the cost basis is the pooled average. The ACB for taxes, pooled over your taxable accounts, is on the Realized gains tab.</p>}
      {result.state === 'loading' && (
        <p class="muted" role="status">
          Loading lots…
        </p>
      )}
      {result.state === 'error' && (
        <p class="field-error" role="alert">
          {result.message}
        </p>
      )}
      {result.state === 'ready' &&
        (result.lots.length === 0 ? (
          <p class="muted">No open lots.</p>
        ) : (
          <table class="grid lots-table" aria-label={`Open lots of ${symbol}`}>
            <thead>
              <tr>
                <th scope="col">Opened</th>
                <th scope="col">Account</th>
                <th scope="col" class="num">
                  Quantity
                </th>
                <th scope="col" class="num">
                  Cost / unit
                </th>
                <th scope="col" class="num">
                  Cost
                </th>
                {currency !== base && (
                  <th scope="col" class="num">
                    Cost ({base})
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {result.lots.map((lot) => (
                <tr key={`${lot.id}-${lot.accountId}`} data-lot={lot.id}>
                  <th scope="row">
                    <time dateTime={lot.date}>{lot.date}</time>
                  </th>
                  <td>{result.accounts.get(lot.accountId) ?? lot.accountId}</td>
                  <td class="num" data-field="lot-quantity">
                    {formatQuantity(lot.quantity, locale)}
                  </td>
                  <td class="num" data-field="lot-unit-cost">
                    {formatUnitMoney(div(lot.costLocal, lot.quantity), currency, locale)}
                  </td>
                  <td class="num" data-field="lot-cost">
                    {formatMoney(lot.costLocal, currency, locale)}
                  </td>
                  {currency !== base && (
                    <td class="num" data-field="lot-cost-base">
                      {lot.fxGap ? (
                        <span class="unknown" title={`No ${lot.fxGap.from}→${lot.fxGap.to} exchange rate for ${lot.fxGap.date}`}>
                          —<span class="sr-only"> (not known: no {lot.fxGap.from}→{lot.fxGap.to} exchange rate for {lot.fxGap.date})</span>
                        </span>
                      ) : (
                        formatMoney(lot.costBase, base, locale)
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </div>
  );
}

import type { PerformanceResult } from '../../../../core/src/api/core-api';
import type { PortfolioRow } from '../../../../core/src/db/rows';
import type { HoldingsSummary } from '../../../../core/src/engine/holdings-summary';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { formatMoney } from '../format';
import { totalValue } from './dashboard-figures';
import { formatSignedPercent, signClass } from './dashboard-format';
import { useWatch } from '../../state/use-watch';

function PortfolioLine({ core, portfolio, locale }: { core: CoreClient; portfolio: PortfolioRow; locale: string }) {
  const holdings = useWatch<HoldingsSummary>(core, { kind: 'holdings', scope: { portfolioId: portfolio.id } });
  const performance = useWatch<PerformanceResult>(core, { kind: 'performance', scope: { portfolioId: portfolio.id }, period: 'ALL' });
  const value = holdings.state === 'ready' ? totalValue(holdings.value) : null;
  const twr = performance.state === 'ready' ? (performance.value.returns?.twr ?? null) : null;
  const annualized = performance.state === 'ready' ? (performance.value.returns?.twrAnnualized ?? null) : null;
  return (
    <tr data-portfolio={portfolio.id}>
      <th scope="row">
        <a href={`/portfolio/${encodeURIComponent(portfolio.id)}`}>{portfolio.name}</a>
      </th>
      <td class="num" data-field="value">
        {holdings.state === 'loading' ? '…' : value === null || holdings.state !== 'ready' ? '—' : formatMoney(value, holdings.value.baseCurrency, locale)}
      </td>
      <td class={`num ${signClass(twr)}`} data-field="return">
        {performance.state === 'loading' ? '…' : formatSignedPercent(twr, locale)}
        {annualized !== null && <span class="dash-sub"> ({formatSignedPercent(annualized, locale)} a year)</span>}
      </td>
    </tr>
  );
}

/** Every portfolio with its value and its time-weighted return since it started; each links to its screen. */
export function PortfolioList({ core, locale }: { core: CoreClient; locale: string }) {
  const portfolios = useWatch<PortfolioRow[]>(core, { kind: 'portfolios' });
  if (portfolios.state === 'loading') return <p class="muted">Loading portfolios…</p>;
  if (portfolios.state === 'error') return <p class="field-error">{portfolios.message}</p>;
  return (
    <table class="dash-portfolios" aria-labelledby="dash-portfolios-heading">
      <thead>
        <tr>
          <th scope="col">Portfolio</th>
          <th scope="col" class="num">
            Value
          </th>
          <th scope="col" class="num">
            Return since start (TWR)
          </th>
        </tr>
      </thead>
      <tbody>
        {portfolios.value.map((p) => (
          <PortfolioLine key={p.id} core={core} portfolio={p} locale={locale} />
        ))}
      </tbody>
    </table>
  );
}

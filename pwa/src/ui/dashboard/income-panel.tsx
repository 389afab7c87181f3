import { useMemo } from 'preact/hooks';
import type { IncomeResult } from '../../../../core/src/api/core-api';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { BarChart } from '../charts/bar-chart';
import { toPlot } from './dashboard-figures';
import { chartMoneyFormats } from './dashboard-format';
import { useWatch } from '../../state/use-watch';

/** "2025-03" → "Mar 2025" in the user's locale. */
function monthLabel(month: string, locale: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleDateString(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' });
}

/** Net income (dividends and interest, after withholding and fees) of the last 12 months with any; nothing when there is none. */
export function IncomePanel({ core, locale, baseCurrency }: { core: CoreClient; locale: string; baseCurrency: string }) {
  const income = useWatch<IncomeResult>(core, { kind: 'income', scope: {} });
  const months = income.state === 'ready' ? income.value.byMonth.slice(-12) : [];
  const formats = useMemo(() => chartMoneyFormats(baseCurrency, locale), [baseCurrency, locale]);
  const labels = useMemo(() => months.map((m) => monthLabel(m.month, locale)), [months.map((m) => m.month).join(), locale]);
  if (!months.length) return null;
  return (
    <section class="dash-panel" aria-labelledby="dash-income-heading">
      <h2 id="dash-income-heading">Income</h2>
      <BarChart title="Income by month" description={`Net of withholding tax and fees, in ${baseCurrency}`} labels={labels} series={[{ label: 'Net income', values: months.map((m) => toPlot(m.net)) }]} format={formats.text} axisFormat={formats.axis} />
    </section>
  );
}

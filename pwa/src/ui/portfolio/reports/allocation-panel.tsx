import { useState } from 'preact/hooks';
import { holdingName, UNKNOWN_KEY, type AllocationBucket, type AllocationDimension } from '../../../../../core/src/engine/allocation';
import { sum } from '../../../../../core/src/money/decimal';
import { useApp } from '../../../state/app-context';
import { AllocationChart } from '../../charts/allocation-chart';
import { formatMoney } from '../../format';
import { CLASSIFY_ANCHOR, InstrumentClassesPanel, revealClassify } from './instrument-classes-panel';
import { toPlotNumber } from './report-format';
import { useCoreWatch } from './use-core-watch';
import './reports.css';

export const DIMENSIONS: readonly { by: AllocationDimension; label: string }[] = [
  { by: 'assetClass', label: 'Asset class' },
  { by: 'sector', label: 'Sector' },
  { by: 'country', label: 'Country' },
  { by: 'currency', label: 'Currency' },
  { by: 'account', label: 'Account' },
  { by: 'holding', label: 'Holding' },
];

interface AllocationResult {
  buckets: AllocationBucket[];
  missing: string[];
}

/** How the portfolio splits by one dimension, as a chart and a table; unpriced holdings are listed, never counted as zero. */
export function AllocationPanel({ portfolioId }: { portfolioId: string }) {
  const { prefs } = useApp();
  const [by, setBy] = useState<AllocationDimension>('assetClass');
  const { data, error, loading } = useCoreWatch<AllocationResult>({ kind: 'allocation', scope: { portfolioId }, by }, `${portfolioId}|${by}`);
  const locale = prefs.locale.value;
  const currency = prefs.baseCurrency.value;
  const dimension = DIMENSIONS.find((d) => d.by === by)!;
  const buckets = data?.buckets ?? [];

  return (
    <>
      <section class="report" aria-labelledby="alloc-heading" aria-busy={loading ? 'true' : undefined}>
        <h2 id="alloc-heading">Allocation</h2>
        <div class="report-controls">
          <div class="field">
            <label for="alloc-by">Group by</label>
            <select id="alloc-by" value={by} onChange={(e) => setBy(e.currentTarget.value as AllocationDimension)}>
              {DIMENSIONS.map((d) => (
                <option key={d.by} value={d.by}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        {!data && !error && <p class="muted" role="status">Calculating…</p>}
        {data && data.missing.length > 0 && (
          <div class="banner banner-warning" role="status" data-report="allocation-missing">
            <p>
              <strong>Not included:</strong> no price or exchange rate for {data.missing.map(holdingName).join(', ')}. Their weight is unknown, so they are left out rather than counted as zero.
            </p>
          </div>
        )}
        {data && buckets.length === 0 && <p class="muted">Nothing valued to allocate yet.</p>}
        {data && buckets.length > 0 && (
          <>
            <AllocationChart
              title={`Allocation by ${dimension.label.toLowerCase()}`}
              buckets={buckets.map((b) => ({ label: b.label, weight: toPlotNumber(b.weight), value: formatMoney(b.value, currency, locale) }))}
            />
            {/* The chart carries the table of shares and values; the total and what "Unclassified" means sit under it. */}
            <p class="muted" data-field="total">
              Total valued: {formatMoney(sum(buckets.map((b) => b.value)), currency, locale)}.
              {buckets.some((b) => b.key === UNKNOWN_KEY) && (
                <>
                  {' “Unclassified” holds instruments whose details do not give this information yet: '}
                  <a href={`#${CLASSIFY_ANCHOR}`} onClick={revealClassify}>
                    classify your holdings
                  </a>.
                </>
              )}
            </p>
          </>
        )}
      </section>
      <InstrumentClassesPanel portfolioId={portfolioId} />
    </>
  );
}

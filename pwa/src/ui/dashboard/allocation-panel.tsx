import { useState } from 'preact/hooks';
import type { AllocationBucket, AllocationDimension } from '../../../../core/src/engine/allocation';
import { toDecimalString } from '../../../../core/src/money/decimal';
import type { CoreClient } from '../../../../core/src/worker/connect-core';
import { AllocationChart } from '../charts/allocation-chart';
import { formatMoney } from '../format';
import { useWatch } from '../../state/use-watch';

const DIMENSIONS: { by: AllocationDimension; label: string }[] = [
  { by: 'assetClass', label: 'Asset class' },
  { by: 'holding', label: 'Holding' },
  { by: 'currency', label: 'Currency' },
  { by: 'account', label: 'Account' },
  { by: 'sector', label: 'Sector' },
  { by: 'country', label: 'Country' },
];

/** Allocation of everything held, by a chosen dimension; holdings without a price are named, not counted as zero. */
export function AllocationPanel({ core, locale, baseCurrency }: { core: CoreClient; locale: string; baseCurrency: string }) {
  const [by, setBy] = useState<AllocationDimension>('assetClass');
  const result = useWatch<{ buckets: AllocationBucket[]; missing: string[] }>(core, { kind: 'allocation', scope: {}, by });
  const label = DIMENSIONS.find((d) => d.by === by)!.label;
  return (
    <>
      <div class="dash-controls">
        <label>
          Group by
          <select value={by} onChange={(e) => setBy((e.currentTarget as HTMLSelectElement).value as AllocationDimension)}>
            {DIMENSIONS.map((d) => (
              <option key={d.by} value={d.by}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {result.state === 'loading' && <p class="muted">Calculating…</p>}
      {result.state === 'error' && <p class="field-error">{result.message}</p>}
      {result.state === 'ready' && (
        <>
          <AllocationChart
            title={`Allocation by ${label.toLowerCase()}`}
            buckets={result.value.buckets.map((b) => ({ label: b.label, weight: Number(toDecimalString(b.weight)), value: formatMoney(b.value, baseCurrency, locale) }))}
          />
          {result.value.missing.length > 0 && <p class="dash-note">Not counted (no price): {result.value.missing.join(', ')}</p>}
        </>
      )}
    </>
  );
}

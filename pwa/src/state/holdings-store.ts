import { signal } from '@preact/signals';
import type { HoldingsSummary } from '../../../core/src/engine/holdings-summary';
import type { CoreErrorData } from '../../../core/src/errors';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/** Holdings pushed by the core worker into a signal; components read the signal only. */
export function createHoldingsStore(core: CoreClient) {
  const summary = signal<HoldingsSummary | null>(null);
  const error = signal<string | null>(null);
  core
    .watch(
      { kind: 'holdings', scope: {} },
      callback((next: unknown) => {
        if (next && typeof next === 'object' && 'error' in next) error.value = (next as { error: CoreErrorData }).error.message;
        else summary.value = next as HoldingsSummary;
      }),
    )
    .catch((e: unknown) => (error.value = e instanceof Error ? e.message : String(e)));
  return { summary, error };
}

export type HoldingsStore = ReturnType<typeof createHoldingsStore>;

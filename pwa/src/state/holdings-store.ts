import { signal } from '@preact/signals';
import type { Holding } from '../../../core/src/portfolio/holdings';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/** Holdings pushed by the core worker into a signal; components read the signal only. */
export function createHoldingsStore(core: CoreClient) {
  const holdings = signal<Holding[] | null>(null);
  const error = signal<string | null>(null);
  core
    .watchHoldings(callback((next: Holding[]) => (holdings.value = next)))
    .catch((e: unknown) => (error.value = e instanceof Error ? e.message : String(e)));
  return { holdings, error };
}

export type HoldingsStore = ReturnType<typeof createHoldingsStore>;

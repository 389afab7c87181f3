/**
 * Live report data from the core worker. A panel watches its query while mounted and stops
 * watching when it unmounts or the query changes, so no callback outlives its panel.
 */
import { useEffect, useState } from 'preact/hooks';
import type { WatchQuery } from '../../../../../core/src/api/core-api';
import { CoreError } from '../../../../../core/src/errors';
import { subscribeWatch } from '../../../state/use-watch';
import { useApp } from '../../../state/app-context';

export interface Watched<T> {
  /** The latest result; kept while a changed query loads, so the panel does not flash empty. */
  data: T | null;
  error: string | null;
  loading: boolean;
}

/** Message for anything thrown by a core call (CoreError keeps its own wording). */
export function errorMessage(error: unknown): string {
  return (error instanceof CoreError ? error : CoreError.from(error)).message;
}

/**
 * Watches `query` (re-subscribing when `key` changes; pass `null` to watch nothing). The watch
 * id arrives after the first push, so an unmount before then unwatches as soon as it is known.
 */
export function useCoreWatch<T>(query: WatchQuery | null, key: string): Watched<T> {
  const { core } = useApp();
  const [state, setState] = useState<Watched<T>>({ data: null, error: null, loading: query !== null });
  useEffect(() => {
    if (!query) return undefined;
    setState((prev) => ({ ...prev, loading: true }));
    return subscribeWatch(
      core,
      query,
      (next) => setState({ data: next as T, error: null, loading: false }),
      (message) => setState((prev) => ({ data: prev.data, error: message, loading: false })),
    );
  }, [key]);
  return state;
}

/**
 * A number that grows after every data change, for reports with no watch kind of their own
 * (realized gains, rebalancing): they reload when it moves. The portfolio list is the
 * cheapest watch to carry the signal, since every data change re-runs every watcher.
 */
export function useDataChanges(): number {
  const { core } = useApp();
  const [tick, setTick] = useState(0);
  useEffect(
    () =>
      subscribeWatch(
        core,
        { kind: 'portfolios' },
        () => setTick((t) => t + 1),
        () => undefined,
      ),
    [],
  );
  return tick;
}

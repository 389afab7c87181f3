import { useEffect, useState } from 'preact/hooks';
import type { WatchQuery } from '../../../core/src/api/core-api';
import type { CoreErrorData } from '../../../core/src/errors';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/** What a watched query holds: nothing yet, its latest result, or why it failed. */
export type Watched<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

/**
 * Follows `query` in the worker: `onResult` gets every pushed result, `onError` a pushed error or
 * a refused watch. Returns the stop function; a stop before the watch id arrives unwatches as
 * soon as it is known, and nothing is delivered after stopping. The one subscription dance
 * every hook below uses.
 */
export function subscribeWatch(core: CoreClient, query: WatchQuery, onResult: (value: unknown) => void, onError: (message: string) => void): () => void {
  let active = true;
  let id: number | undefined;
  core
    .watch(
      query,
      callback((next: unknown) => {
        if (!active) return;
        if (next && typeof next === 'object' && 'error' in next) onError((next as { error: CoreErrorData }).error.message);
        else onResult(next);
      }),
    )
    .then(
      (watchId) => {
        if (active) id = watchId;
        else void core.unwatch(watchId);
      },
      (error: unknown) => active && onError(error instanceof Error ? error.message : String(error)),
    );
  return () => {
    active = false;
    if (id !== undefined) void core.unwatch(id);
  };
}

/**
 * Follows one query in the worker while the component is mounted: the worker pushes a new
 * result after every change that may affect it. A new query (compared by its JSON) replaces
 * the old watcher; results of a replaced watcher are ignored.
 */
export function useWatch<T>(core: CoreClient, query: WatchQuery | null): Watched<T> {
  const [result, setResult] = useState<Watched<T>>({ state: 'loading' });
  const key = query ? JSON.stringify(query) : '';
  useEffect(() => {
    if (!query) return undefined;
    setResult({ state: 'loading' });
    return subscribeWatch(
      core,
      query,
      (value) => setResult({ state: 'ready', value: value as T }),
      (message) => setResult({ state: 'error', message }),
    );
  }, [core, key]);
  return result;
}

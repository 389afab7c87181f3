import { useEffect, useState } from 'preact/hooks';
import type { WatchQuery } from '../../../core/src/api/core-api';
import type { CoreErrorData } from '../../../core/src/errors';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/** What a watched query holds: nothing yet, its latest result, or why it failed. */
export type Watched<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

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
    let active = true;
    let id: number | undefined;
    setResult({ state: 'loading' });
    core
      .watch(
        query,
        callback((next: unknown) => {
          if (!active) return;
          if (next && typeof next === 'object' && 'error' in next) setResult({ state: 'error', message: (next as { error: CoreErrorData }).error.message });
          else setResult({ state: 'ready', value: next as T });
        }),
      )
      .then(
        (watchId) => {
          id = watchId;
          if (!active) void core.unwatch(watchId);
        },
        (error: unknown) => active && setResult({ state: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      active = false;
      if (id !== undefined) void core.unwatch(id);
    };
  }, [core, key]);
  return result;
}

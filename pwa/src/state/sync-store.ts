import { signal } from '@preact/signals';
import type { SyncOverview } from '../../../core/src/api/core-api';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

/** The sync overview (status, account, conflicts) pushed by the worker into a signal. */
export function createSyncStore(core: CoreClient) {
  const overview = signal<SyncOverview | null>(null);
  void core.watch({ kind: 'sync' }, callback((next: unknown) => (overview.value = next as SyncOverview)));
  // The worker also listens, but the page hears the network return first in every browser.
  if (typeof window !== 'undefined') window.addEventListener('online', () => void core.syncNow());
  return { overview };
}

export type SyncStore = ReturnType<typeof createSyncStore>;

/** One line a person can read for each sync state. */
export function describeStatus(overview: SyncOverview | null, formatTime: (iso: string) => string = (iso) => new Date(iso).toLocaleTimeString()): string {
  if (!overview) return 'Loading…';
  const s = overview.status;
  switch (s.state) {
    case 'signed_out':
      return 'Not syncing: data is on this device only';
    case 'synced':
      return `Synced ${formatTime(s.lastSyncAt)}`;
    case 'pending':
      return `${s.pending} change${s.pending === 1 ? '' : 's'} waiting to sync`;
    case 'syncing':
      return s.pending ? `Syncing ${s.pending} change${s.pending === 1 ? '' : 's'}…` : 'Syncing…';
    case 'offline':
      return `Offline${s.pending ? `: ${s.pending} change${s.pending === 1 ? '' : 's'} waiting` : ''}${s.lastSyncAt ? ` (last synced ${formatTime(s.lastSyncAt)})` : ''}`;
    case 'error':
      return `Sync error: ${s.reason}`;
  }
}

import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie';
import { HybridClock } from './hlc';
import { SYNCED_TABLES, type RowFields, type SyncedTable } from './protocol';

/** A change waiting to be pushed: written in the same IndexedDB transaction as the change itself. */
export interface OutboxRow {
  mid: number;
  table: SyncedTable;
  key: string;
  /** put: a whole new row; patch: the fields that changed in an existing row; delete. */
  op: 'put' | 'patch' | 'delete';
  data?: RowFields;
  hlc: string;
}

/** The device's sync bookkeeping (local-only). */
export interface SyncStateRow {
  id: 'state';
  /** This device's id: the HLC node and the server's per-device mutation counter. */
  clientId: string;
  nextMid: number;
  /** The server change sequence this device has applied up to. */
  cursor: number;
  /** Changes are recorded only while signed in to a sync server. */
  tracking: boolean;
  lastHlc?: string;
  lastSyncAt?: string;
}

export const OUTBOX = '_outbox';
export const SYNC_STATE = '_syncState';
const synced = new Set<string>(SYNCED_TABLES);

/** Transactions that apply pulled changes: the middleware lets them through unrecorded. */
export const applyingSync = new WeakSet<object>();

/** Marks a Dexie transaction as applying server changes (call first thing inside it). */
export function markApplyingSync(idbtrans: object): void {
  applyingSync.add(idbtrans);
}

/** Fields that differ between two versions of a row; removed fields map to null. */
export function changedFields(before: RowFields | undefined, after: RowFields): RowFields | null {
  if (!before) return { ...after };
  const diff: RowFields = {};
  for (const [field, value] of Object.entries(after)) if (JSON.stringify(before[field]) !== JSON.stringify(value)) diff[field] = value;
  for (const field of Object.keys(before)) if (!(field in after)) diff[field] = null;
  return Object.keys(diff).length ? diff : null;
}

async function keysOf(table: DBCoreTable, req: DBCoreMutateRequest): Promise<string[]> {
  if (req.type === 'delete') return req.keys.map(String);
  if (req.type === 'deleteRange') {
    return (await table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })).result.map(String);
  }
  const keyPath = table.schema.primaryKey.keyPath as string;
  return req.values.map((v: Record<string, unknown>, i: number) => String(req.keys?.[i] ?? v[keyPath]));
}

/**
 * Dexie middleware: every write to a synced table, while tracking is on, also writes an
 * outbox row in the same transaction (so a change and its outbox entry commit together or
 * not at all). Puts record only the fields that changed, each stamped with the device's
 * hybrid logical clock; mutation numbers come from the stored counter inside the same
 * transaction, so several tabs of one database never reuse a number.
 */
export function outboxMiddleware(onRecorded: () => void, now: () => number = Date.now): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'folio-outbox',
    create(down) {
      return {
        ...down,
        transaction(stores, mode, options) {
          const extra = mode === 'readwrite' && stores.some((s) => synced.has(s)) ? [OUTBOX, SYNC_STATE] : [];
          return down.transaction([...new Set([...stores, ...extra])], mode, options);
        },
        table(name) {
          const table = down.table(name);
          if (!synced.has(name)) return table;
          return {
            ...table,
            async mutate(req) {
              if (applyingSync.has(req.trans)) return table.mutate(req);
              const stateTable = down.table(SYNC_STATE);
              const state = (await stateTable.get({ trans: req.trans, key: 'state' })) as SyncStateRow | undefined;
              if (!state?.tracking) return table.mutate(req);
              const keys = await keysOf(table, req);
              const before = req.type === 'add' ? [] : ((await table.getMany({ trans: req.trans, keys })) as (RowFields | undefined)[]);
              const result = await table.mutate(req);
              const clock = new HybridClock(state.clientId, now, state.lastHlc);
              const rows: OutboxRow[] = [];
              let mid = state.nextMid;
              keys.forEach((key, i) => {
                if (req.type === 'delete' || req.type === 'deleteRange') {
                  if (before[i] !== undefined) rows.push({ mid: mid++, table: name as SyncedTable, key, op: 'delete', hlc: clock.tick() });
                  return;
                }
                const data = changedFields(before[i], req.values[i] as RowFields);
                if (data) rows.push({ mid: mid++, table: name as SyncedTable, key, op: before[i] === undefined ? 'put' : 'patch', data, hlc: clock.tick() });
              });
              if (rows.length) {
                await down.table(OUTBOX).mutate({ type: 'add', trans: req.trans as DBCoreTransaction, values: rows });
                await stateTable.mutate({ type: 'put', trans: req.trans, values: [{ ...state, nextMid: mid, lastHlc: clock.last }] });
                onRecorded();
              }
              return result;
            },
          };
        },
      };
    },
  };
}

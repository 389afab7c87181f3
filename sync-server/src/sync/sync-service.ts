import type { Database } from 'better-sqlite3';
import { decodeHlc, HybridClock } from '../../../core/src/sync/hlc';
import type { RowFields, SyncedTable, SyncRequest, SyncResponse } from '../../../core/src/sync/protocol';
import { checkFields } from '../../../core/src/sync/table-schemas';
import { HttpError } from '../http-error';
import { isDeleted, lostTo, mergeMutation, type StoredRow } from './merge';

function newestClock(row: StoredRow): string {
  let newest = row.deletedHlc ?? '';
  for (const clock of Object.values(row.clocks)) if (clock > newest) newest = clock;
  return newest;
}

const rowId = (m: { table: string; key: string }) => `${m.table}\u0000${m.key}`;

/** A change serialized from the stored JSON text, without parsing and re-serializing the row. */
function changeJson(r: RowRecord): string {
  return `{"table":${JSON.stringify(r.tbl)},"key":${JSON.stringify(r.row_key)},"data":${r.deleted ? 'null' : r.data},"seq":${r.seq},"hlc":${JSON.stringify(r.newest_hlc)}}`;
}

/** The HLC node id of rows the server writes itself (imports); devices' node ids are random. */
export const SERVER_NODE = 'server';

/** A clock further ahead of the server's than this is refused: the device's clock is wrong. */
export const MAX_CLOCK_AHEAD_MS = 60 * 60 * 1000;
export const DEFAULT_PAGE = 1_000;

interface RowRecord {
  tbl: SyncedTable;
  row_key: string;
  data: string;
  deleted: number;
  seq: number;
  newest_hlc: string;
}

/**
 * Applies a device's pushed mutations and returns what changed since its cursor, in one
 * SQLite transaction (all or nothing). Every statement is bound to the verified user id: a
 * client can name tables, keys and cursors, never another user.
 */
export class SyncService {
  private readonly statements;

  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {
    this.statements = {
      client: db.prepare('SELECT last_mid FROM sync_clients WHERE user_id = ? AND client_id = ?'),
      saveClient: db.prepare(
        'INSERT INTO sync_clients (user_id, client_id, last_mid, last_seen) VALUES (?, ?, ?, ?) ON CONFLICT (user_id, client_id) DO UPDATE SET last_mid = excluded.last_mid, last_seen = excluded.last_seen',
      ),
      userSeq: db.prepare('SELECT seq FROM users WHERE id = ?'),
      saveUserSeq: db.prepare('UPDATE users SET seq = ? WHERE id = ?'),
      row: db.prepare('SELECT data, clocks, deleted_hlc FROM sync_rows WHERE user_id = ? AND tbl = ? AND row_key = ?'),
      saveRow: db.prepare(
        `INSERT INTO sync_rows (user_id, tbl, row_key, data, clocks, deleted_hlc, deleted, seq, newest_hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id, tbl, row_key) DO UPDATE SET data = excluded.data, clocks = excluded.clocks,
           deleted_hlc = excluded.deleted_hlc, deleted = excluded.deleted, seq = excluded.seq, newest_hlc = excluded.newest_hlc`,
      ),
      changes: db.prepare('SELECT tbl, row_key, data, deleted, seq, newest_hlc FROM sync_rows WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      current: db.prepare('SELECT tbl, row_key, data, deleted, seq, newest_hlc FROM sync_rows WHERE user_id = ? AND tbl = ? AND row_key = ?'),
    };
  }

  /** The response as a JSON string (rows go out as stored), and whether any row changed (to poke the user's other devices). */
  syncJson(userId: string, request: SyncRequest): { json: string; changed: boolean } {
    this.validate(request);
    return this.db.transaction(() => {
      const lastMid = (this.statements.client.get(userId, request.clientId) as { last_mid: number } | undefined)?.last_mid ?? 0;
      let seq = (this.statements.userSeq.get(userId) as { seq: number }).seq;
      if (request.cursor > seq) {
        throw new HttpError(409, 'cursor_expired', `Cursor ${request.cursor} is ahead of this server's ${seq}: download everything again from cursor 0`);
      }
      const pending = request.mutations.filter((m) => m.mid > lastMid).sort((a, b) => a.mid - b.mid);
      if (pending.length && pending[0]!.mid !== lastMid + 1) {
        throw new HttpError(409, 'mutation_gap', `Mutations after ${lastMid} are missing (got ${pending[0]!.mid}): send every unacknowledged mutation`);
      }
      let changed = false;
      let newLastMid = lastMid;
      // Rows where a pushed mutation lost (a field, or all of it) to a newer clock: the device
      // shows its own value until told, so the row goes back to it even if it did not change.
      const lost = new Map<string, { table: SyncedTable; key: string }>();
      /** Each touched row as it stands after this request's merges. */
      const finalState = new Map<string, StoredRow | undefined>();
      for (const mutation of pending) {
        if (mutation.mid !== newLastMid + 1) throw new HttpError(409, 'mutation_gap', `Mutation ${newLastMid + 1} is missing`);
        newLastMid = mutation.mid;
        const id = rowId(mutation);
        const stored = finalState.has(id) ? finalState.get(id) : this.storedRow(userId, mutation.table, mutation.key);
        const merged = mergeMutation(stored, mutation);
        finalState.set(id, merged ?? stored);
        if (!merged) continue;
        seq += 1;
        changed = true;
        this.statements.saveRow.run(userId, mutation.table, mutation.key, JSON.stringify(merged.data), JSON.stringify(merged.clocks), merged.deletedHlc, isDeleted(merged) ? 1 : 0, seq, newestClock(merged));
      }
      // Every mutation of the request, new or already applied (a retry after a lost response),
      // that lost to a newer clock sends the row back. Rows merged above are checked in memory;
      // only rows touched by already-applied mutations alone are read.
      for (const mutation of request.mutations) {
        const id = rowId(mutation);
        if (!finalState.has(id)) finalState.set(id, this.storedRow(userId, mutation.table, mutation.key));
        if (lostTo(finalState.get(id), mutation)) lost.set(id, { table: mutation.table, key: mutation.key });
      }
      if (changed) this.statements.saveUserSeq.run(seq, userId);
      this.statements.saveClient.run(userId, request.clientId, newLastMid, new Date(this.now()).toISOString());

      const limit = request.limit ?? DEFAULT_PAGE;
      const rows = this.statements.changes.all(userId, request.cursor, limit + 1) as RowRecord[];
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const inPage = new Set(page.map((r) => rowId({ table: r.tbl, key: r.row_key })));
      // A row the server never had (a patch to it lost) goes back as deleted.
      const echoed = [...lost]
        .filter(([k]) => !inPage.has(k))
        .map(([, { table, key }]) => (this.statements.current.get(userId, table, key) as RowRecord | undefined) ?? { tbl: table, row_key: key, data: 'null', deleted: 1, seq: 0, newest_hlc: '' });
      const changes = [...page, ...echoed];
      const json = `{"lastMid":${newLastMid},"cursor":${page.at(-1)?.seq ?? request.cursor},"more":${more},"changes":[${changes.map(changeJson).join(',')}]}`;
      return { json, changed };
    })();
  }

  private storedRow(userId: string, table: SyncedTable, key: string): StoredRow | undefined {
    const record = this.statements.row.get(userId, table, key) as { data: string; clocks: string; deleted_hlc: string | null } | undefined;
    return record && { data: JSON.parse(record.data) as RowFields, clocks: JSON.parse(record.clocks) as Record<string, string>, deletedHlc: record.deleted_hlc };
  }

  /** Clock of rows the server itself writes (imports), with a fixed node id so devices can tell them apart. */
  private readonly serverClock = new HybridClock(SERVER_NODE, () => this.now());

  /**
   * Upserts rows the server originates (e.g. a Questrade import) as whole-row puts, for one
   * user, in one transaction: all are checked first (nothing is stored if one is invalid).
   * Each put's clock is after the row's newest clock, so it wins over what the row held.
   * Returns how many rows changed; the caller pokes the user's devices when any did.
   */
  applyServerPuts(userId: string, rows: { table: SyncedTable; key: string; data: RowFields }[]): number {
    const issues: { field: string; message: string }[] = [];
    rows.forEach((r, i) => {
      for (const issue of checkFields(r.table, r.key, r.data)) issues.push({ field: `rows[${i}].${r.table}.${issue.field}`, message: issue.message });
    });
    if (issues.length) throw new HttpError(422, 'invalid_input', `Server rows refused: ${issues.slice(0, 5).map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    return this.applyServerMutations(userId, rows, (r, stored, hlc) => mergeMutation(stored, { op: 'put', data: r.data, hlc }));
  }

  /**
   * Deletes rows the server originated and that no longer exist at their source (e.g. a
   * Questrade review item superseded by the conversion its missing leg completed), for one
   * user, in one transaction: each becomes a tombstone with a server clock after the row's
   * newest, so it reaches every device through normal sync. Rows absent or already deleted
   * are left alone. Returns how many rows changed; the caller pokes the user's devices.
   */
  applyServerDeletes(userId: string, rows: { table: SyncedTable; key: string }[]): number {
    return this.applyServerMutations(userId, rows, (_r, stored, hlc) => (stored && !isDeleted(stored) ? mergeMutation(stored, { op: 'delete', hlc }) : null));
  }

  /**
   * Server-originated changes for one user in one transaction: each row's mutation gets a
   * server clock after the row's newest (so it wins) and the user's next seq; rows the
   * mutation leaves as they were are skipped. Returns how many rows changed.
   */
  private applyServerMutations<R extends { table: SyncedTable; key: string }>(
    userId: string,
    rows: readonly R[],
    mutate: (row: R, stored: StoredRow | undefined, hlc: string) => StoredRow | null | undefined,
  ): number {
    if (rows.length === 0) return 0;
    return this.db.transaction(() => {
      let seq = (this.statements.userSeq.get(userId) as { seq: number }).seq;
      let changed = 0;
      for (const r of rows) {
        const stored = this.storedRow(userId, r.table, r.key);
        if (stored) this.serverClock.receive(newestClock(stored) || this.serverClock.last);
        const merged = mutate(r, stored, this.serverClock.tick());
        if (!merged) continue;
        seq += 1;
        changed += 1;
        this.statements.saveRow.run(userId, r.table, r.key, JSON.stringify(merged.data), JSON.stringify(merged.clocks), merged.deletedHlc, isDeleted(merged) ? 1 : 0, seq, newestClock(merged));
      }
      if (changed) this.statements.saveUserSeq.run(seq, userId);
      return changed;
    })();
  }

  /** The same, parsed (for callers in the same process). */
  sync(userId: string, request: SyncRequest): { response: SyncResponse; changed: boolean } {
    const { json, changed } = this.syncJson(userId, request);
    return { response: JSON.parse(json) as SyncResponse, changed };
  }

  /** Refuses the whole request when any mutation is malformed: nothing is stored. */
  private validate(request: SyncRequest): void {
    const issues: { field: string; message: string }[] = [];
    const limit = this.now() + MAX_CLOCK_AHEAD_MS;
    request.mutations.forEach((m, i) => {
      if (decodeHlc(m.hlc).wall > limit) issues.push({ field: `mutations[${i}].hlc`, message: `clock ${m.hlc} is more than an hour ahead of the server: check the device's clock` });
      if (m.op === 'put' || m.op === 'patch') {
        if (!m.data || Object.keys(m.data).length === 0) issues.push({ field: `mutations[${i}].data`, message: `a ${m.op} needs data` });
        else for (const issue of checkFields(m.table, m.key, m.data)) issues.push({ field: `mutations[${i}].data.${issue.field}`, message: issue.message });
      }
    });
    if (issues.length) {
      const clock = issues.some((i) => i.field.endsWith('.hlc'));
      throw new HttpError(422, clock ? 'clock_skew' : 'invalid_input', `Sync refused: ${issues.slice(0, 5).map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
    }
  }
}

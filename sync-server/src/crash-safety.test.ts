import type { ChildProcess } from 'node:child_process';
import { spawnServer, UNLIMITED_RATES } from './test-process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mutation, SyncChange, SyncResponse } from '../../core/src/sync/protocol';

/**
 * Crash safety of the real server process: a burst of concurrent pushes from several devices
 * is cut by SIGKILL, the process is started again on the same data folder, and every
 * mutation the server acknowledged (a 200 whose `lastMid` covers it) must still be there.
 * Several kill/restart cycles run back to back on the same data.
 */
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Running {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

async function startServer(dataDir: string): Promise<Running> {
  const running = await spawnServer(dataDir, UNLIMITED_RATES);
  children.push(running.child);
  return running;
}

/** A device as the server sees it: numbered mutations, resent until acknowledged. */
interface Device {
  index: number;
  clientId: string;
  nextMid: number;
  counter: number;
  unacked: Mutation[];
  acked: Map<number, Mutation>;
  lastAcked: number;
}

const post = (url: string, token: string, body: unknown) =>
  fetch(`${url}/api/v1/sync`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

function newMutations(d: Device, count: number): Mutation[] {
  const hlc = () => `${String(Date.now()).padStart(13, '0')}-${(d.counter++ % 36 ** 4).toString(36).padStart(4, '0')}-${d.clientId}`;
  const out: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const mid = d.nextMid++;
    // A row of its own per mutation (so each one is checkable), and last the device's counter row,
    // overwritten by each of its requests with a newer clock.
    out.push(
      i < count - 1
        ? { mid, table: 'portfolios', key: `${d.clientId}-m${mid}`, op: 'put', data: { id: `${d.clientId}-m${mid}`, name: `value ${d.clientId} ${mid}`, costBasisMethod: 'fifo', createdAt: '2026-03-10T12:00:00.000Z' }, hlc: hlc() }
        : { mid, table: 'instruments', key: `CTR${d.index}`, op: 'put', data: { id: `CTR${d.index}`, name: `mid ${mid}`, updatedAt: new Date().toISOString() }, hlc: hlc() },
    );
  }
  return out;
}

/** Pushes until the server goes away; records what each 200 acknowledged. */
async function pushLoop(url: string, token: string, d: Device, onAck: () => void, problems: string[]): Promise<void> {
  for (;;) {
    d.unacked.push(...newMutations(d, 5 + ((d.nextMid * 7919) % 60)));
    let response: SyncResponse;
    try {
      const res = await post(url, token, { clientId: d.clientId, cursor: 0, mutations: d.unacked, limit: 1 });
      const text = await res.text();
      if (res.status !== 200) {
        problems.push(`${d.clientId}: HTTP ${res.status} ${text.slice(0, 200)}`);
        return;
      }
      response = JSON.parse(text) as SyncResponse;
    } catch {
      return; // the server was killed: this request's fate is unknown, so nothing is acknowledged
    }
    const sentUpTo = d.unacked.at(-1)!.mid;
    if (response.lastMid < sentUpTo) problems.push(`${d.clientId}: a 200 acknowledged only up to ${response.lastMid} of ${sentUpTo}`);
    for (const m of d.unacked) if (m.mid <= response.lastMid) d.acked.set(m.mid, m);
    d.unacked = d.unacked.filter((m) => m.mid > response.lastMid);
    d.lastAcked = Math.max(d.lastAcked, response.lastMid);
    onAck();
  }
}

async function pullEverything(url: string, token: string): Promise<Map<string, SyncChange>> {
  const rows = new Map<string, SyncChange>();
  let cursor = 0;
  for (;;) {
    const res = await post(url, token, { clientId: 'crash-test-reader', cursor, mutations: [], limit: 5_000 });
    expect(res.status).toBe(200);
    const page = (await res.json()) as SyncResponse;
    for (const change of page.changes) rows.set(`${change.table}/${change.key}`, change);
    cursor = page.cursor;
    if (!page.more) return rows;
  }
}

async function serverLastMid(url: string, token: string, clientId: string): Promise<number> {
  const res = await post(url, token, { clientId, cursor: 0, mutations: [], limit: 1 });
  expect(res.status).toBe(200);
  return ((await res.json()) as SyncResponse).lastMid;
}

/** Every acknowledged mutation is on the server, with its value; counters are at least as new. */
const stats = { committedUnacknowledged: 0 };

async function verify(url: string, token: string, devices: Device[], when: string): Promise<number> {
  const rows = await pullEverything(url, token);
  const lost: string[] = [];
  let checked = 0;
  for (const d of devices) {
    let counterMid = 0;
    for (const m of d.acked.values()) {
      if (m.table === 'instruments') {
        counterMid = Math.max(counterMid, m.mid);
        continue;
      }
      const row = rows.get(`${m.table}/${m.key}`);
      if (JSON.stringify(row?.data) !== JSON.stringify(m.data)) lost.push(`${d.clientId}#${m.mid} ${m.table}/${m.key}: ${JSON.stringify(row?.data ?? null)}`);
      checked += 1;
    }
    if (counterMid) {
      const counter = rows.get(`instruments/CTR${d.index}`);
      const stored = Number(/^mid (\d+)$/.exec(String(counter?.data?.['name']))?.[1] ?? 0);
      if (stored < counterMid) lost.push(`${d.clientId}'s counter row holds mutation ${stored}, older than its acknowledged ${counterMid}`);
      checked += 1;
    }
    const lastMid = await serverLastMid(url, token, d.clientId);
    if (lastMid > d.lastAcked) stats.committedUnacknowledged += lastMid - d.lastAcked;
    if (lastMid < d.lastAcked) lost.push(`${d.clientId}'s lastMid on the server is ${lastMid}, behind the acknowledged ${d.lastAcked}`);
    expect(lastMid, `${when}: ${d.clientId}'s lastMid is ahead of what it sent`).toBeLessThan(d.nextMid);
  }
  expect(lost, `${when}: acknowledged mutations lost (${lost.length} of ${checked})`).toEqual([]);
  return checked;
}

describe('crash safety of the server process', () => {
  it('loses no acknowledged mutation when SIGKILLed in the middle of a burst of pushes', { timeout: 60_000 }, async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'folio-crash-')), 'data');
    dirs.push(join(dataDir, '..'));
    let server = await startServer(dataDir);
    const reg = await fetch(`${server.url}/api/v1/auth/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'crash@example.com', password: 'correct horse battery' }) });
    expect(reg.status).toBe(201);
    const { accessToken } = (await reg.json()) as { accessToken: string };

    const devices: Device[] = Array.from({ length: 8 }, (_, index) => ({ index, clientId: `crash-device-${index}`, nextMid: 1, counter: 0, unacked: [], acked: new Map(), lastAcked: 0 }));
    const problems: string[] = [];
    const CYCLES = 5;
    let killedInFlight = 0;
    let checked = 0;
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      // A burst: every device pushes concurrently, each request carrying several mutations,
      // and the process is killed once `killAfter` responses came back (others are in flight).
      const killAfter = 10 + cycle * 7;
      let acks = 0;
      let inFlightAtKill = 0;
      const current = server;
      const loops = devices.map((d) =>
        pushLoop(current.url, accessToken, d, () => {
          acks += 1;
          if (acks === killAfter) {
            // A moment later, so the kill lands at varying points of the server's work.
            setTimeout(() => {
              inFlightAtKill = devices.filter((x) => x.unacked.length > 0).length;
              current.child.kill('SIGKILL');
            }, cycle % 3);
          }
        }, problems),
      );
      await Promise.all(loops);
      await current.exited;
      expect(current.child.signalCode, `cycle ${cycle}: the server was not killed mid-burst (${acks} responses)`).toBe('SIGKILL');
      killedInFlight += inFlightAtKill;

      server = await startServer(dataDir);
      const health = await fetch(`${server.url}/health`);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { status: 'ok' } });
      checked += await verify(server.url, accessToken, devices, `after kill ${cycle + 1}`);
    }
    if (process.env['CRASH_TEST_VERBOSE']) console.log({ checked, killedInFlight, ...stats, acked: devices.reduce((n, d) => n + d.acked.size, 0) });
    expect(problems).toEqual([]);
    // The kills did land while requests were in flight (else the test proves little).
    expect(killedInFlight).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(100);

    // Each device resends what was never acknowledged: accepted (no gap after the crash), and then everything is there.
    for (const d of devices) {
      if (d.unacked.length === 0) continue;
      const res = await post(server.url, accessToken, { clientId: d.clientId, cursor: 0, mutations: d.unacked, limit: 1 });
      expect(res.status, `${d.clientId} resending after the crash`).toBe(200);
      const { lastMid } = (await res.json()) as SyncResponse;
      expect(lastMid).toBe(d.nextMid - 1);
      for (const m of d.unacked) d.acked.set(m.mid, m);
      d.unacked = [];
      d.lastAcked = lastMid;
    }
    await verify(server.url, accessToken, devices, 'after resending');
    server.child.kill('SIGTERM');
    await server.exited;
    const db = new BetterSqlite3(join(dataDir, 'folio.sqlite'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });
});

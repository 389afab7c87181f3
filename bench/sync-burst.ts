import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type net from 'node:net';
import { connectRaw } from './raw-http';

/**
 * 200 devices syncing "in the same instant": every second, each device sends one sync (a
 * one-row push plus a pull from its cursor) at the top of the second, over its own keep-alive
 * socket. Requests are raw HTTP written with prebuilt headers and a body made by a template
 * (no JSON.stringify, no HTTP client library), and responses are read with a minimal parser, so
 * the generator's own cost on this shared 2-core machine stays small next to the server's.
 *
 * The first burst (every device's first sync: a new client pulling from cursor 0) is sent as a
 * warm-up and reported apart. Latency is timed two ways: from the burst's instant (what a
 * device waiting in line sees, including the time the generator took to send the requests
 * before it) and from the moment the request was written to its socket.
 */
export interface BurstDevice {
  clientId: string;
  token: string;
}

export async function syncBursts({
  url,
  devices,
  seconds,
  warmup = 1,
  mutation,
}: {
  url: string;
  devices: BurstDevice[];
  /** Bursts measured. */
  seconds: number;
  /** Bursts sent first and not measured: each device's first sync (a new client, a pull from cursor 0). */
  warmup?: number;
  mutation: (clientId: string, mid: number) => string;
}) {
  const target = new URL(url);
  const fromBurst: number[] = [];
  const fromWrite: number[] = [];
  let failures = 0;
  /** The slowest answer of each burst, from the burst's instant. */
  const slowest: number[] = [];
  let firstBurst = 0;
  /** Past the warm-up bursts: answers are timed. */
  let measuring = false;
  interface Conn {
    device: BurstDevice;
    socket: net.Socket;
    mid: number;
    cursor: number;
    burstAt: number;
    sentAt: number;
    pending: ((ok: boolean) => void) | null;
    lastFromBurst: number;
  }
  const conns = await Promise.all(
    devices.map(async (device) => {
      const conn: Conn = { device, socket: undefined as unknown as net.Socket, mid: 0, cursor: 0, burstAt: 0, sentAt: 0, pending: null, lastFromBurst: 0 };
      conn.socket = await connectRaw(target, (status, body) => {
        const now = performance.now();
        conn.lastFromBurst = now - conn.burstAt;
        if (measuring) {
          fromBurst.push(conn.lastFromBurst);
          fromWrite.push(now - conn.sentAt);
        }
        const ok = status === 200;
        if (ok) conn.cursor = Number(/"cursor":(\d+)/.exec(body.toString('utf8'))![1]);
        else failures += 1;
        conn.pending?.(ok);
      });
      return conn;
    }),
  );
  const prefix = (conn: Conn) => `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nAuthorization: Bearer ${conn.device.token}\r\n`;
  const prefixes = new Map(conns.map((c) => [c, prefix(c)]));
  const start = performance.now() + 100;
  for (let second = 0; second < warmup + seconds; second += 1) {
    measuring = second >= warmup;
    const at = start + second * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
    const burstAt = performance.now();
    const done = conns.map(
      (conn) =>
        new Promise<boolean>((resolve) => {
          conn.pending = resolve;
          conn.mid += 1;
          const body = `{"clientId":"${conn.device.clientId}","cursor":${conn.cursor},"mutations":[${mutation(conn.device.clientId, conn.mid)}],"limit":50}`;
          conn.burstAt = burstAt;
          conn.sentAt = performance.now();
          conn.socket.write(`${prefixes.get(conn)}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        }),
    );
    await Promise.all(done);
    if (measuring) slowest.push(Math.max(...conns.map((c) => c.lastFromBurst)));
    else firstBurst = Math.max(...conns.map((c) => c.lastFromBurst));
  }
  for (const conn of conns) conn.socket.destroy();
  const stats = (values: number[]) => {
    values.sort((a, b) => a - b);
    const at = (q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
    return { p50: at(0.5), p99: at(0.99), max: values.at(-1)! };
  };
  return { requests: fromBurst.length, failures, fromBurst: stats(fromBurst), fromWrite: stats(fromWrite), slowest, firstBurst };
}

/**
 * The same bursts against `http-floor-server.mjs`, a bare node:http server in its own process
 * answering a constant: what this machine and this generator cost before any server work.
 */
export async function burstFloor(devices: BurstDevice[], mutation: (clientId: string, mid: number) => string, seconds = 10) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./http-floor-server.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`the floor server exited (${code}) before listening`)));
    });
    return await syncBursts({ url: `http://127.0.0.1:${port}/api/v1/sync`, devices, seconds, mutation });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectRaw } from './raw-http';

/**
 * An open-loop load generator: requests arrive at `rate` per second as a Poisson process (many
 * independent clients), each sent on an idle one of `connections` keep-alive sockets (queued
 * while all are busy). Latency is timed from each request's scheduled arrival, so a slow server
 * cannot slow arrivals down and hide its queue (no coordinated omission).
 *
 * autocannon's own `overallRate` is not this: each of its connections fires its quota for the
 * second back to back at the top of every second. Raw sockets with one prebuilt request and a
 * minimal response reader keep the generator's own cost (and its pauses) out of the numbers
 * as far as possible on a shared 2-core machine.
 */
export async function openLoop({ url, rate, connections, seconds, headers = {} }: { url: string; rate: number; connections: number; seconds: number; headers?: Record<string, string> }) {
  const target = new URL(url);
  const request = Buffer.from(
    [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, 'Connection: keep-alive', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n'),
  );
  const latencies: number[] = [];
  let failures = 0;
  const queue: number[] = [];
  const idle: Conn[] = [];
  interface Conn {
    socket: net.Socket;
    sentAt: number;
  }
  const dispatch = () => {
    while (queue.length && idle.length) {
      const conn = idle.pop()!;
      conn.sentAt = queue.shift()!;
      conn.socket.write(request);
    }
  };
  const finish = (conn: Conn, ok: boolean) => {
    latencies.push(performance.now() - conn.sentAt);
    if (!ok) failures += 1;
    idle.push(conn);
    dispatch();
  };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const conn: Conn = { socket: undefined as unknown as net.Socket, sentAt: 0 };
      conn.socket = await connectRaw(target, (status) => finish(conn, status === 200));
      idle.push(conn);
    }),
  );
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const started = performance.now();
  const end = started + seconds * 1000;
  let next = started;
  let peakQueued = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (next <= now && next < end) {
        queue.push(next);
        next += (-Math.log(1 - Math.random()) * 1000) / rate;
      }
      dispatch();
      peakQueued = Math.max(peakQueued, queue.length);
      if (next >= end) return done();
      setTimeout(tick, Math.max(0, Math.min(1, next - performance.now())));
    };
    tick();
  });
  lag.disable();
  while (idle.length < connections || queue.length) await new Promise((r) => setTimeout(r, 5));
  for (const conn of idle) conn.socket.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { requests: latencies.length, failures, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), max: latencies.at(-1)!, peakQueued, generatorLagP99: lag.percentile(99) / 1e6 };
}

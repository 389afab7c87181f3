// npm run bench (sync part): pull and push sizes, and many devices syncing at once (autocannon).
import http from 'node:http';
import autocannon from 'autocannon';
import { report, type BenchResult } from './report';
import { startServerProcess } from './server-process';
import { burstFloor, syncBursts } from './sync-burst';

const server = await startServerProcess();
const results: BenchResult[] = [];

async function post(path: string, body: unknown, token?: string): Promise<any> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

let clock = Date.now();
const hlc = (node: string) => `${String(clock++).padStart(13, '0')}-0000-${node}`;
const transaction = (i: number, node: string, mid: number) => ({
  mid,
  table: 'transactions',
  key: `tx-${node}-${i}`,
  op: 'put',
  data: { id: `tx-${node}-${i}`, accountId: 'acct-1', kind: 'buy', date: '2025-03-04', currency: 'CAD', symbol: 'XEQT.TO', quantity: String(1 + (i % 50)), price: '30.25', fee: '4.95', createdAt: '2025-03-04T12:00:00Z' },
  hlc: hlc(node),
});

try {
  const { accessToken } = await post('/api/v1/auth/register', { email: 'bench@example.com', password: 'correct horse battery' });

  // 10,000 changed rows on the server, then one device pulls them all (two pages of 5,000).
  for (let batch = 0; batch < 2; batch += 1) {
    const mutations = Array.from({ length: 5000 }, (_, i) => transaction(batch * 5000 + i, 'seed', batch * 5000 + i + 1));
    await post('/api/v1/sync', { clientId: 'seed-device', cursor: 0, mutations, limit: 1 }, accessToken);
  }
  const pulls: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now();
    let cursor = 0;
    let rows = 0;
    for (let more = true; more; ) {
      const page = await post('/api/v1/sync', { clientId: `puller-${run}-0001`, cursor, mutations: [], limit: 5000 }, accessToken);
      rows += page.changes.length;
      cursor = page.cursor;
      more = page.more;
    }
    if (rows !== 10_000) throw new Error(`pulled ${rows} rows`);
    pulls.push(performance.now() - started);
  }
  pulls.sort((a, b) => a - b);
  results.push({ name: 'pull 10,000 changed rows (over HTTP, 2 pages)', targetMs: 500, medianMs: pulls[2]!, maxMs: pulls[4]!, runs: 5 });

  const pushes: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const node = `pusher${run}`;
    const mutations = Array.from({ length: 1000 }, (_, i) => transaction(i, node, i + 1));
    const started = performance.now();
    await post('/api/v1/sync', { clientId: `${node}-device`, cursor: 0, mutations, limit: 1 }, accessToken);
    pushes.push(performance.now() - started);
  }
  pushes.sort((a, b) => a - b);
  results.push({ name: 'push 1,000 mutations in one request', targetMs: 300, medianMs: pushes[2]!, maxMs: pushes[4]!, runs: 5 });

  // 200 devices at once: 100 users with two devices each (a laptop and a phone), each device
  // pushing one small change per request and pulling what its other device changed.
  const users: string[] = [];
  for (let i = 0; i < 100; i += 1) users.push((await post('/api/v1/auth/register', { email: `user${i}@example.com`, password: 'correct horse battery' })).accessToken);
  let seq = 0;
  /** Closed loop: each of the 200 devices syncs again as soon as its last sync is answered (autocannon). */
  const devices = () => {
    const reasons = new Map<string, number>();
    return new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({
      url: `${server.url}/api/v1/sync`,
      connections: 200,
      duration: 10,
      timeout: 60,
      requests: [
        {
          method: 'POST',
          setupRequest: (request, context: Record<string, any>) => {
            if (context['clientId'] === undefined) {
              const device = seq++;
              context['clientId'] = `device-${String(device).padStart(5, '0')}`;
              context['token'] = users[device % users.length];
            }
            context['mid'] = (context['mid'] ?? 0) + 1;
            context['cursor'] ??= 0;
            const mutation = { ...transaction(context['mid'], context['clientId'], context['mid']), key: `${context['clientId']}-${context['mid'] % 20}` };
            mutation.data = { ...mutation.data, id: mutation.key };
            return {
              ...request,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${context['token']}` },
              body: JSON.stringify({ clientId: context['clientId'], cursor: context['cursor'], mutations: [mutation], limit: 50 }),
            };
          },
          onResponse: (status: number, body: string, context: Record<string, any>) => {
            if (status === 200) context['cursor'] = (JSON.parse(body) as { cursor: number }).cursor;
          },
        } as autocannon.Request,
      ],
    }, (error, result) => {
      if (reasons.size) process.stdout.write(`request errors: ${JSON.stringify(Object.fromEntries(reasons))}\n`);
      if (error) reject(error);
      else resolve(result);
    });
    run.on('reqError', (error: Error) => reasons.set(error.message, (reasons.get(error.message) ?? 0) + 1));
    });
  };
  // Each device syncing once a second, all in the same instant (the top of every second): raw
  // sockets and template-built bodies, so the generator's own cost stays out of the latencies.
  const burstDevices = Array.from({ length: 200 }, (_, d) => ({ clientId: `burst-${String(d).padStart(5, '0')}`, token: users[d % users.length]! }));
  const burstMutation = (clientId: string, mid: number) => {
    const key = `${clientId}-${mid % 20}`;
    return `{"mid":${mid},"table":"transactions","key":"${key}","op":"put","hlc":"${hlc(clientId)}","data":{"id":"${key}","accountId":"acct-1","kind":"buy","date":"2025-03-04","currency":"CAD","symbol":"XEQT.TO","quantity":"${1 + (mid % 50)}","price":"30.25","fee":"4.95","createdAt":"2025-03-04T12:00:00Z"}}`;
  };
  const burst = await syncBursts({ url: `${server.url}/api/v1/sync`, devices: burstDevices, seconds: 10, mutation: burstMutation });
  process.stdout.write(
    `same instant: ${burst.requests} syncs in 10 bursts of 200, from the burst: p50 ${burst.fromBurst.p50.toFixed(1)} ms, p99 ${burst.fromBurst.p99.toFixed(1)} ms; from each write: p99 ${burst.fromWrite.p99.toFixed(1)} ms; slowest answer per burst: ${burst.slowest.map((ms) => ms.toFixed(0)).join(', ')} ms (first burst, not measured: ${burst.firstBurst.toFixed(0)} ms)\n`,
  );
  if (burst.failures) throw new Error(`${burst.failures} failed syncs in the bursts`);
  const floor = await burstFloor(burstDevices, burstMutation);
  process.stdout.write(`same instant, bare node:http answering a constant: p50 ${floor.fromBurst.p50.toFixed(1)} ms, p99 ${floor.fromBurst.p99.toFixed(1)} ms\n`);
  results.push({ name: '200 devices (100 users × 2) syncing small pushes, all in the same instant every second: p99 latency', targetMs: 50, medianMs: burst.fromBurst.p99, maxMs: burst.fromBurst.max, runs: burst.requests });
  results.push({ name: 'the same bursts against a bare node:http server answering a constant (the floor of this machine and generator)', targetMs: 50, medianMs: floor.fromBurst.p99, maxMs: floor.fromBurst.max, runs: floor.requests, informational: true });
  // The same 200 devices syncing at independent moments (Poisson arrivals, one sync a second
  // on average each): an open-loop generator over keep-alive connections, 10 s.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  const target = new URL(`${server.url}/api/v1/sync`);
  const send = (token: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const latencies: number[] = [];
  let failures = 0;
  const until = performance.now() + 10_000;
  await Promise.all(
    Array.from({ length: 200 }, async (_, device) => {
      const clientId = `poisson-${String(device).padStart(5, '0')}`;
      const token = users[device % users.length];
      let mid = 0;
      let cursor = 0;
      for (;;) {
        await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * 1000));
        if (performance.now() > until) return;
        mid += 1;
        const mutation = { ...transaction(mid, clientId, mid), key: `${clientId}-${mid % 20}` };
        mutation.data = { ...mutation.data, id: mutation.key };
        const started = performance.now();
        const res = await send(token!, JSON.stringify({ clientId, cursor, mutations: [mutation], limit: 50 }));
        latencies.push(performance.now() - started);
        if (res.status === 200) cursor = (JSON.parse(res.text) as { cursor: number }).cursor;
        else failures += 1;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  if (failures) throw new Error(`${failures} failed syncs under Poisson load`);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  process.stdout.write(`poisson: ${latencies.length} syncs in 10 s, p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms\n`);
  results.push({ name: '200 devices (100 users × 2) syncing at independent moments, ~1 sync/s each: p99 latency', targetMs: 50, medianMs: at(0.99), maxMs: latencies.at(-1)!, runs: latencies.length });

  const peak = await devices();
  process.stdout.write(`peak: 200 devices (100 users × 2) syncing back to back: ${Math.round(peak.requests.average)} syncs/s, p50 ${peak.latency.p50} ms, p99 ${peak.latency.p99} ms, max ${peak.latency.max} ms, ${peak.non2xx} non-2xx, ${peak.errors} errors\n`);
} finally {
  await server.stop();
}
report('Sync server (separate process, real HTTP, SQLite WAL)', results);

/**
 * A `fetch` that replays recorded Yahoo Finance HTTP fixtures (yahoo-finance2's own test
 * recordings, see /work/shared/fixtures/SOURCES.md) — no network, deterministic.
 *
 * Matching (method + URL): host (query1/query2 are the same service), decoded pathname
 * (carries the symbol for chart/quoteSummary), then the query string order-insensitively:
 * - `crumb` is ignored; request headers (cookies) are never looked at;
 * - `symbols` is compared as a set ("AAPL,BABA" = "BABA,AAPL");
 * - "essential" params (everything not listed in SOFT_PARAMS: symbols, period1, period2, interval,
 *   modules, q, formatted…) must be equal;
 * - SOFT_PARAMS (events, lang, search tuning…) only rank candidates: the fixture agreeing on most
 *   of them wins. So chart MSFT with events=div|split|earn replays the events=div recording.
 * Unknown requests get a 404 whose text body names the URL.
 */
import { readdir, readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const SOFT_PARAMS = new Set([
  'events', 'useYfid', 'includePrePost', 'lang', 'region', 'corsDomain', 'quotesCount', 'newsCount',
  'enableFuzzyQuery', 'quotesQueryId', 'multiQuoteQueryId', 'newsQueryId', 'enableCb',
  'enableNavLinks', 'enableEnhancedTrivialQuery', 'listsCount', 'enableResearchReports',
]);

/** Which upstream endpoint a request goes to (for faults and logs). */
export type FixtureEndpoint = 'quote' | 'quoteSummary' | 'chart' | 'search' | 'getcrumb' | 'crumbPage' | 'other';

/** A fault to inject: the next `times` requests to `endpoint` fail this way instead of replaying. */
export interface FixtureFault {
  endpoint: FixtureEndpoint | 'any';
  /** HTTP status to answer with (default 429), or 'network' to reject like a dead connection. */
  status?: number | 'network';
  times?: number;
  /** Sent as the Retry-After header. */
  retryAfterSeconds?: number;
  body?: string;
}

/** One request seen by the fixture fetch. */
export interface FixtureRequestLog {
  method: string;
  url: string;
  endpoint: FixtureEndpoint;
  status: number | 'network';
  /** File name of the replayed fixture; absent for faults and misses. */
  fixture?: string;
}

/** The replaying fetch plus test helpers. */
export interface FixtureFetch {
  fetch: typeof fetch;
  /** Fixture file names replayed so far, in first-use order. */
  used(): string[];
  /** Every request, in order. */
  requests(): FixtureRequestLog[];
  /** Queue a fault (see {@link FixtureFault}). */
  injectFault(fault: FixtureFault): void;
  clearFaults(): void;
}

interface Recording {
  request: { url: string; method?: string };
  response: { status: number; statusText?: string; headers?: Record<string, string | string[]>; bodyJson?: unknown; bodyText?: string };
}

interface Loaded { file: string; key: RequestKey; recording: Recording }

interface RequestKey { method: string; host: string; path: string; essential: Map<string, string>; soft: Map<string, string> }

/** The default fixture folder: /work/shared/fixtures/yahoo beside the repo. */
export const DEFAULT_FIXTURE_DIR = new URL('../../../../shared/fixtures/yahoo/', import.meta.url);

const DROPPED_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding']);

function requestKey(method: string, url: string): RequestKey {
  const parsed = new URL(url);
  const essential = new Map<string, string>();
  const soft = new Map<string, string>();
  for (const [name, raw] of parsed.searchParams) {
    if (name === 'crumb') continue;
    const value = name === 'symbols' ? raw.split(',').map((s) => s.trim()).sort().join(',') : raw;
    (SOFT_PARAMS.has(name) ? soft : essential).set(name, value);
  }
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path
  }
  return { method: method.toUpperCase(), host: parsed.hostname.replace(/^query\d+\./, 'query.'), path, essential, soft };
}

/** Agreement score of a fixture with a request, or -1 when it cannot answer it. */
function score(want: RequestKey, have: RequestKey): number {
  if (want.method !== have.method || want.host !== have.host || want.path !== have.path) return -1;
  if (want.essential.size !== have.essential.size) return -1;
  for (const [name, value] of want.essential) if (have.essential.get(name) !== value) return -1;
  let points = 0;
  for (const [name, value] of want.soft) if (have.soft.get(name) === value) points += 1;
  return points;
}

/** Classifies a URL by Yahoo endpoint. */
export function endpointOf(url: string): FixtureEndpoint {
  const { hostname, pathname } = new URL(url);
  if (pathname.startsWith('/v7/finance/quote')) return 'quote';
  if (pathname.startsWith('/v10/finance/quoteSummary/')) return 'quoteSummary';
  if (pathname.startsWith('/v8/finance/chart/')) return 'chart';
  if (pathname.startsWith('/v1/finance/search')) return 'search';
  if (pathname.startsWith('/v1/test/getcrumb')) return 'getcrumb';
  if (hostname === 'finance.yahoo.com' || hostname.endsWith('guce.yahoo.com')) return 'crumbPage';
  return 'other';
}

function toResponse(recording: Recording): Response {
  const { status, statusText, headers = {}, bodyJson, bodyText } = recording.response;
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item);
  }
  const body = bodyJson !== undefined ? JSON.stringify(bodyJson) : (bodyText ?? '');
  const nullBody = status === 204 || status === 304 || body === '';
  return new Response(nullBody ? null : body, { status, statusText: statusText ?? '', headers: out });
}

async function loadFixtures(dir: URL | string): Promise<Loaded[]> {
  const base = typeof dir === 'string' ? pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`) : dir;
  const files = (await readdir(base)).filter((name) => name.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => {
      const recording = JSON.parse(await readFile(new URL(encodeURIComponent(file), base), 'utf8')) as Recording;
      return { file, recording, key: requestKey(recording.request.method ?? 'GET', recording.request.url) };
    }),
  );
}

/** Creates a replaying fetch over the fixture files in `dir` (default {@link DEFAULT_FIXTURE_DIR}). */
export function createFixtureFetch(options: { dir?: URL | string; faults?: FixtureFault[] } = {}): FixtureFetch {
  let fixtures: Promise<Loaded[]> | undefined;
  const faults: Array<Required<Pick<FixtureFault, 'times'>> & FixtureFault> = [];
  const log: FixtureRequestLog[] = [];
  const injectFault = (fault: FixtureFault) => faults.push({ ...fault, times: fault.times ?? 1 });
  for (const fault of options.faults ?? []) injectFault(fault);

  const replay = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const endpoint = endpointOf(url);
    const fault = faults.find((f) => f.times > 0 && (f.endpoint === 'any' || f.endpoint === endpoint));
    if (fault) {
      fault.times -= 1;
      const status = fault.status ?? 429;
      log.push({ method, url, endpoint, status });
      if (status === 'network') throw new TypeError(`fetch failed (injected network fault for ${url})`);
      const headers = new Headers({ 'content-type': 'text/plain;charset=utf-8' });
      if (fault.retryAfterSeconds !== undefined) headers.set('retry-after', String(fault.retryAfterSeconds));
      return new Response(fault.body ?? `Injected fault: HTTP ${status} for ${method} ${url}`, { status, headers });
    }
    fixtures ??= loadFixtures(options.dir ?? DEFAULT_FIXTURE_DIR).catch((error: unknown) => {
      fixtures = undefined; // retry the load on the next request
      throw error;
    });
    const want = requestKey(method, url);
    let best: Loaded | undefined;
    let bestScore = -1;
    for (const candidate of await fixtures) {
      const points = score(want, candidate.key);
      if (points > bestScore) [best, bestScore] = [candidate, points];
    }
    if (!best) {
      log.push({ method, url, endpoint, status: 404 });
      return new Response(`No recorded fixture for ${method} ${url}`, {
        status: 404,
        statusText: 'Not Found',
        headers: { 'content-type': 'text/plain;charset=utf-8' },
      });
    }
    log.push({ method, url, endpoint, status: best.recording.response.status, fixture: best.file });
    return toResponse(best.recording);
  };

  return {
    fetch: replay as typeof fetch,
    used: () => [...new Set(log.flatMap((entry) => (entry.fixture ? [entry.fixture] : [])))],
    requests: () => log.map((entry) => ({ ...entry })),
    injectFault,
    clearFaults: () => void faults.splice(0),
  };
}

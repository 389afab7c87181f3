/**
 * The demo/test market data provider: {@link YahooProvider} replaying recorded Yahoo fixtures.
 * Its quotes carry `source: 'fixture'` so the UI can label them as demo data (prices from Feb 2025).
 */
import { createFixtureFetch, type FixtureFetch, type FixtureFault } from './fixture-fetch';
import { YahooProvider, type YahooLogger } from './yahoo-provider';

/** Options of {@link createFixtureProvider}. */
export interface FixtureProviderOptions {
  /** Fixture folder (default: /work/shared/fixtures/yahoo beside the repo). */
  dir?: URL | string;
  /** Faults to inject from the start (more can be added via `fixtures.injectFault`). */
  faults?: FixtureFault[];
  logger?: YahooLogger;
}

/** A fixture-backed provider; `fixtures` exposes the replaying fetch's helpers (used(), injectFault()…). */
export interface FixtureProvider extends YahooProvider {
  readonly fixtures: FixtureFetch;
}

/** Creates the `'fixture'` provider: Yahoo mapping over the replaying fetch, no network. */
export function createFixtureProvider(options: FixtureProviderOptions = {}): FixtureProvider {
  const fixtures = createFixtureFetch({
    ...(options.dir === undefined ? {} : { dir: options.dir }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const provider = new YahooProvider({
    fetch: fixtures.fetch,
    name: 'fixture',
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return Object.assign(provider, { fixtures });
}

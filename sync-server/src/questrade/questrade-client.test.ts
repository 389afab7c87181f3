import { describe, expect, it } from 'vitest';
import { QuestradeClient } from './questrade-client';

/** A client whose every request gets this answer (a recorded-shape body; only the headers vary). */
function clientAnswering(headers: Record<string, string>) {
  const fetchFn = (async () => new Response(JSON.stringify({ accounts: [] }), { status: 200, headers: { 'content-type': 'application/json', ...headers } })) as typeof fetch;
  return new QuestradeClient({ loginUrl: 'http://127.0.0.1:1', fetch: fetchFn });
}

const auth = { accessToken: 'a', apiServer: 'http://127.0.0.1:1/' };

describe('QuestradeClient rate-limit headers', () => {
  it('reads X-RateLimit-Remaining and X-RateLimit-Reset (epoch seconds)', async () => {
    const client = clientAnswering({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': '1700000000' });
    await client.accounts(auth);
    expect(client.lastRateLimit).toEqual({ remaining: 0, resetAt: 1_700_000_000_000 });
  });

  it('treats an empty or blank header as absent, not as "0 requests left"', async () => {
    for (const value of ['', '   ']) {
      const client = clientAnswering({ 'X-RateLimit-Remaining': value, 'X-RateLimit-Reset': value });
      await client.accounts(auth);
      expect(client.lastRateLimit).toEqual({});
    }
    const none = clientAnswering({});
    await none.accounts(auth);
    expect(none.lastRateLimit).toEqual({});
    const garbage = clientAnswering({ 'X-RateLimit-Remaining': 'lots' });
    await garbage.accounts(auth);
    expect(garbage.lastRateLimit).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { endpointProblem, isNonPublicAddress, publicOnlyLookup, type ResolveAll } from './endpoint-guard';

const table =
  (hosts: Record<string, string[]>): ResolveAll =>
  async (host) => {
    const addresses = hosts[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

describe('endpoint guard for a user’s own model base URL', () => {
  it('classifies loopback, private, link-local and reserved addresses as non-public', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', '::127.0.0.1', '::a9fe:a9fe', '2002:7f00:1::', '64:ff9b:1::a00:1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '::ffff:a00:1', '::ffff:127.0.0.1', 'not-an-ip']) {
      expect(isNonPublicAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isNonPublicAddress(address), address).toBe(false);
    }
  });

  it('resolves the host and refuses it when any of its addresses is not public', async () => {
    const resolve = table({ 'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'], 'internal.corp': ['93.184.215.14', '10.1.2.3'], 'metadata.internal': ['169.254.169.254'] });
    expect(await endpointProblem('https://api.example.com/v1', resolve)).toBeNull();
    expect(await endpointProblem('https://internal.corp/v1', resolve)).toContain('local or private address (10.1.2.3)');
    expect(await endpointProblem('https://metadata.internal/', resolve)).toContain('169.254.169.254');
    expect(await endpointProblem('https://nowhere.invalid/', resolve)).toContain('could not be resolved');
    // Literals are judged without a lookup.
    expect(await endpointProblem('https://127.0.0.1/v1', resolve)).toContain('(127.0.0.1)');
    expect(await endpointProblem('https://[::1]:8443/v1', resolve)).toContain('(::1)');
  });

  it('looks hosts up for the connection and refuses any with a non-public address', async () => {
    const lookup = publicOnlyLookup(table({ 'api.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'], 'rebound.example': ['93.184.215.14', '127.0.0.1'] }));
    const ask = (host: string, options: { all?: boolean; family?: number }) =>
      new Promise<{ error: NodeJS.ErrnoException | null; result: unknown }>((resolve) =>
        lookup(host, options as never, ((error: NodeJS.ErrnoException | null, address: unknown, family?: number) => resolve({ error, result: family === undefined ? address : [address, family] })) as never),
      );
    // As net.connect asks: one address of a family, or every address (autoSelectFamily).
    expect(await ask('api.example.com', { family: 4 })).toEqual({ error: null, result: ['93.184.215.14', 4] });
    expect(await ask('api.example.com', { all: true })).toEqual({ error: null, result: [{ address: '93.184.215.14', family: 4 }, { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 }] });
    const refused = await ask('rebound.example', { all: true });
    expect([refused.error?.code, refused.error?.message]).toEqual(['EPRIVATEADDRESS', 'rebound.example resolves to a local or private address (127.0.0.1)']);
    expect((await ask('nowhere.example', {})).error?.code).toBe('ENOTFOUND');
  });
});

import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';

/** Resolves a host name to every address it has (node:dns `lookup` with `all: true`). */
export type ResolveAll = (host: string) => Promise<{ address: string; family: number }[]>;

export const resolveAll: ResolveAll = (host) => dnsLookup(host, { all: true, verbatim: true });

/**
 * Addresses a user's own model endpoint may not point at: this machine, private networks,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved
 * ranges. The server calls the user's base URL on their behalf, so without this a user could
 * make it reach services on its own network. (The operator's OPENAI_BASE_URL is trusted and
 * may be local, e.g. a model on the same host.)
 */
const BLOCKED = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    // The unspecified address, loopback, and the deprecated IPv4-compatible form (::127.0.0.1).
    ['::', 96],
    ['64:ff9b::', 96],
    ['64:ff9b:1::', 48],
    // 6to4 embeds an IPv4 address (2002:7f00:1:: is 127.0.0.1's).
    ['2002::', 16],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['fec0::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
})();

/** True for an address in a loopback, private, link-local or otherwise non-public range. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: never trusted
  const lower = address.toLowerCase();
  // IPv4-mapped (::ffff:10.0.0.1, or its hex form ::ffff:a00:1): judged as the IPv4 address.
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/.exec(lower);
  if (mapped) {
    const tail = mapped[1]!;
    if (isIP(tail) === 4) return BLOCKED.check(tail, 'ipv4');
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
    if (hex) {
      const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
      return BLOCKED.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
    }
  }
  return BLOCKED.check(address, 'ipv6');
}

/**
 * Why `url` may not be called on a user's behalf, or null when every address its host
 * resolves to is public. A host that does not resolve is refused too (nothing to check).
 */
export async function endpointProblem(url: string, resolve: ResolveAll = resolveAll): Promise<string | null> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return 'The base URL is not a valid URL';
  }
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await resolve(host)).map((a) => a.address);
  } catch {
    return `The base URL's host ${host} could not be resolved`;
  }
  if (!addresses.length) return `The base URL's host ${host} could not be resolved`;
  const blocked = addresses.find(isNonPublicAddress);
  if (blocked !== undefined) return `The base URL's host ${host} is a local or private address (${blocked}): use a public https endpoint`;
  return null;
}

/**
 * A host lookup for the connection itself: it resolves `host` with `resolve` and refuses it when
 * any address is not public. `endpointProblem` checks a URL before a call; this closes the gap
 * after it (DNS rebinding: the host answering a public address to the check and a private one
 * to the connection), because the address checked is the address connected to.
 */
export function publicOnlyLookup(resolve: ResolveAll = resolveAll): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const blocked = wanted.find((a) => isNonPublicAddress(a.address));
        if (blocked || !wanted.length) {
          const reason = blocked ? `${hostname} resolves to a local or private address (${blocked.address})` : `${hostname} could not be resolved`;
          callback(Object.assign(new Error(reason), { code: blocked ? 'EPRIVATEADDRESS' : 'ENOTFOUND' }), '', 0);
          return;
        }
        if (options.all) (callback as unknown as (error: null, all: { address: string; family: number }[]) => void)(null, wanted);
        else callback(null, wanted[0]!.address, wanted[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * `fetch` for calls to a URL a user chose: every connection goes through `publicOnlyLookup`,
 * and redirects are refused (one to an IP literal would skip the lookup).
 * (A URL whose host is an IP literal is not looked up; `endpointProblem` has judged it.)
 */
export function publicOnlyFetch(resolve: ResolveAll = resolveAll): typeof globalThis.fetch {
  const dispatcher = new Agent({ connect: { lookup: publicOnlyLookup(resolve) } });
  return ((input: string | URL | Request, init?: RequestInit) => undiciFetch(input as never, { ...(init as object), dispatcher, redirect: 'error' } as never)) as unknown as typeof globalThis.fetch;
}

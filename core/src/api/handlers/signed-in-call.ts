import type { AuthRow } from '../../db/rows';
import { CoreError } from '../../errors';

/** The signed-in session with a fresh access token (`force` after a 401), or undefined. */
export type FreshSession = (options?: { force?: boolean }) => Promise<AuthRow | undefined>;

/** A call to one API area of the signed-in sync server: method, path under the area, JSON body. */
export type SignedInCall = (method: string, path: string, body?: unknown) => Promise<Response>;

/**
 * Calls to the signed-in sync server under `area` (e.g. "/api/v1/questrade") with the
 * session's bearer token, retried once with a refreshed token when the server refuses it.
 * Not signed in → CoreError with `notSignedIn`; unreachable → CoreError naming the server.
 */
export function signedInCall({ fetch: http, session, area, notSignedIn }: { fetch: typeof fetch; session: FreshSession; area: string; notSignedIn: string }): SignedInCall {
  return async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      const current = await session(attempt > 0 ? { force: true } : {}).catch(() => undefined);
      if (!current) throw new CoreError('invalid_input', notSignedIn);
      let res: Response;
      try {
        res = await http(`${current.serverUrl}${area}${path}`, {
          method,
          headers: { authorization: `Bearer ${current.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch {
        throw new CoreError('internal', `The sync server at ${current.serverUrl} could not be reached — check your connection and try again`);
      }
      if (res.status === 401 && attempt === 0) continue;
      return res;
    }
  };
}

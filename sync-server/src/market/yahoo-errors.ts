/**
 * Turns Yahoo failures into {@link ProviderError}s. Two layers:
 * - {@link guardFetch} wraps the fetch given to yahoo-finance2 and throws on non-OK answers from
 *   the API hosts, while the status and headers (Retry-After) are still at hand — yahoo-finance2
 *   itself only keeps the body text. The crumb page (finance.yahoo.com, guce consent) is let
 *   through untouched: its 30x/404 answers are part of the normal cookie flow.
 * - {@link toProviderError} classifies whatever yahoo-finance2 still throws.
 */
import { ProviderError } from './provider';

const API_HOST = /^query\d*\.finance\.yahoo\.com$/;
/** How long one upstream request may take before it counts as failed. */
export const UPSTREAM_TIMEOUT_MS = 10_000;

/** The URL with the session crumb blanked, safe for logs and error messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]crumb=)[^&]*/g, '$1[REDACTED]');
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Yahoo's JSON error description ({"chart":{"error":{"description":…}}}), else the trimmed text. */
function describeBody(text: string): string {
  try {
    const parsed = JSON.parse(text) as Record<string, { error?: { description?: string } } | undefined>;
    const description = Object.values(parsed)[0]?.error?.description;
    if (description) return description;
  } catch {
    // not JSON
  }
  return text.trim().slice(0, 300) || '(empty body)';
}

function urlOf(input: RequestInfo | URL): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

/** Wraps `base` so that network errors, 429, 401/403, 404 and 5xx from Yahoo's API hosts become ProviderErrors. */
export function guardFetch(base: typeof fetch): typeof fetch {
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = urlOf(input);
    const safeUrl = redactUrl(url);
    let response: Response;
    try {
      // A hung upstream request would hold every caller waiting on its single-flight entry.
      const timeout = AbortSignal.timeout(UPSTREAM_TIMEOUT_MS);
      response = await base(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout });
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${UPSTREAM_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
      throw new ProviderError('upstream', `Network error for ${safeUrl}: ${reason}`, { cause: error });
    }
    const { hostname, pathname } = new URL(url);
    if (response.ok || !API_HOST.test(hostname)) return response;
    const detail = redactUrl(describeBody(await response.text()));
    const what = `Yahoo HTTP ${response.status} for ${safeUrl}: ${detail}`;
    if (response.status === 429) {
      const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
      throw new ProviderError('rate_limited', what, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
    }
    if (pathname.startsWith('/v1/test/getcrumb') || response.status === 401 || response.status === 403) {
      throw new ProviderError('auth_failed', what);
    }
    if (response.status === 404) throw new ProviderError('not_found', what);
    throw new ProviderError('upstream', what);
  };
  return guarded as typeof fetch;
}

/** Classifies an error thrown by yahoo-finance2 (or by our own mapping) as a ProviderError. */
export function toProviderError(error: unknown, context: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const what = `${context}: ${message}`;
  if (name === 'FailedYahooValidationError' || name === 'DecimalParseError' || error instanceof RangeError) {
    return new ProviderError('invalid_response', what, { cause: error });
  }
  if (/not parsable|Unexpected result/i.test(message)) return new ProviderError('invalid_response', what, { cause: error });
  if (/crumb|cookie/i.test(message)) return new ProviderError('auth_failed', what, { cause: error });
  if (name === 'NotFoundError' || /not found|no data found|delisted/i.test(message)) {
    return new ProviderError('not_found', what, { cause: error });
  }
  if (/too many requests/i.test(message)) return new ProviderError('rate_limited', what, { cause: error });
  return new ProviderError('upstream', what, { cause: error });
}

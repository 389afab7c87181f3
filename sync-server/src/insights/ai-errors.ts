import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/** The error codes the page receives (in an `error` event or the HTTP error envelope). */
export type AiErrorCode = 'invalid_key' | 'quota_exceeded' | 'model_unavailable' | 'timeout' | 'rate_limited' | 'budget_exhausted' | 'bad_model_output' | 'not_configured';

/** A failed AI review, with a stable code and a message safe to show (never the key or the model's raw text). */
export class AiFailure extends Error {
  constructor(
    readonly code: AiErrorCode,
    message: string,
    /** The upstream HTTP status, for the log. */
    readonly upstreamStatus?: number,
  ) {
    super(message);
    this.name = 'AiFailure';
  }
}

/**
 * Maps what the `openai` client threw to a code the page can explain. A 429 is the caller's
 * rate limit unless its body says `insufficient_quota` (the account is out of credit), which
 * retrying will not fix. Upstream messages are not passed on: a 401 one echoes part of the key.
 */
export function modelFailure(error: unknown, timedOut: boolean, timeoutSeconds: number): AiFailure {
  if (error instanceof AiFailure) return error;
  if (timedOut || error instanceof APIConnectionTimeoutError) return new AiFailure('timeout', `The model did not answer within ${timeoutSeconds} s; try again later`);
  if (error instanceof APIUserAbortError) return new AiFailure('timeout', 'The request was cancelled');
  if (error instanceof APIConnectionError) {
    // A user's base URL whose host resolved to a private address when connecting (see publicOnlyLookup).
    const refused = causeWithCode(error, 'EPRIVATEADDRESS');
    if (refused) return new AiFailure('model_unavailable', `The model endpoint was not called: ${refused.message}. Save your key again with a public base URL`);
    return new AiFailure('model_unavailable', 'The model endpoint could not be reached');
  }
  if (error instanceof APIError) {
    const status = error.status ?? 0;
    const body = error.error as { code?: unknown; type?: unknown } | undefined;
    if (status === 401 || status === 403) return new AiFailure('invalid_key', 'The model endpoint refused the API key: check the key (and that it may use this model)', status);
    if (status === 429) {
      if (error.code === 'insufficient_quota' || body?.code === 'insufficient_quota' || body?.type === 'insufficient_quota') {
        return new AiFailure('quota_exceeded', 'The API key has no quota left: add credit to the account or use another key', status);
      }
      return new AiFailure('rate_limited', 'The model endpoint is rate limiting requests; try again in a minute', status);
    }
    if (status === 404) return new AiFailure('model_unavailable', 'The model endpoint does not know this model (404): check the model name and base URL', status);
    return new AiFailure('model_unavailable', `The model endpoint failed (HTTP ${status}); try again later`, status);
  }
  return new AiFailure('model_unavailable', 'The model request failed');
}

/** The first error in `error`'s cause chain with this `code`, if any. */
function causeWithCode(error: unknown, code: string): Error | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth += 1) {
    if ((current as NodeJS.ErrnoException).code === code) return current;
  }
  return undefined;
}

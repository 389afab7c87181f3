import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The one JSON error envelope: `{ error: { code, message, issues? } }` with a stable code. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { field: string; message: string }[] };
}

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

/**
 * Errors that cross a boundary (worker, HTTP, extension messages) are plain data with a
 * stable code, so a caller can branch on `code` and show `message` as it is.
 */
export type CoreErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'internal';

export interface FieldIssue {
  field: string;
  message: string;
}

export interface CoreErrorData {
  code: CoreErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** The id of the record refused (a transaction id), when there is one. */
  ref?: string;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly issues: FieldIssue[];
  readonly ref: string | undefined;

  constructor(code: CoreErrorCode, message: string, issues: FieldIssue[] = [], ref?: string) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.issues = issues;
    this.ref = ref;
  }

  toData(): CoreErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues.length ? { issues: this.issues } : {}),
      ...(this.ref !== undefined ? { ref: this.ref } : {}),
    };
  }

  static fromData(data: CoreErrorData): CoreError {
    return new CoreError(data.code, data.message, data.issues ?? [], data.ref);
  }

  /** Anything that is not already a CoreError becomes `internal` at the boundary. */
  static from(error: unknown): CoreError {
    if (error instanceof CoreError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new CoreError('internal', message);
  }
}

/**
 * What a form shows for a failed action: the error's field issues, or (when it names no field)
 * its message as one issue of `formField` — shown at the top of the form.
 */
export function formIssues(error: unknown, formField = 'form'): FieldIssue[] {
  const e = CoreError.from(error);
  return e.issues.length ? e.issues : [{ field: formField, message: e.message }];
}

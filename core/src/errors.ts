/**
 * Errors that cross a boundary (worker, HTTP, extension messages) are plain data with a
 * stable code, so a caller can branch on `code` and show `message` as it is.
 */
export type CoreErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'internal';

export interface FieldIssue {
  field: string;
  message: string;
}

export interface CoreErrorData {
  code: CoreErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly issues: FieldIssue[];

  constructor(code: CoreErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.issues = issues;
  }

  toData(): CoreErrorData {
    return { code: this.code, message: this.message, ...(this.issues.length ? { issues: this.issues } : {}) };
  }

  static fromData(data: CoreErrorData): CoreError {
    return new CoreError(data.code, data.message, data.issues ?? []);
  }

  /** Anything that is not already a CoreError becomes `internal` at the boundary. */
  static from(error: unknown): CoreError {
    if (error instanceof CoreError) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new CoreError('internal', message);
  }
}

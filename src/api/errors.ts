// Errors as kubectl prints them. Every failure a user can cause is one of these; main.ts prints `format()` on
// stderr and exits 1. Anything else escaping is a bug.

export class KubeError extends Error {
  exitCode = 1;
  /** The whole text kubectl would print (without trailing newline). */
  format(): string {
    return this.message;
  }
}

/** `error: <msg>`: kubectl's client-side errors. */
export class ClientError extends KubeError {
  override format(): string {
    return `error: ${this.message}`;
  }
}

/** `Error from server (<Reason>): <message>`. */
export class ApiError extends KubeError {
  constructor(
    readonly reason: string,
    message: string,
    readonly code = 400,
  ) {
    super(message);
  }
  override format(): string {
    return `Error from server (${this.reason}): ${this.message}`;
  }
  static notFound(qualifiedResource: string, name: string): ApiError {
    return new ApiError('NotFound', `${qualifiedResource} "${name}" not found`, 404);
  }
  static alreadyExists(qualifiedResource: string, name: string): ApiError {
    return new ApiError('AlreadyExists', `${qualifiedResource} "${name}" already exists`, 409);
  }
}

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too long' | 'Too many' | 'Internal error';

export interface FieldError {
  field: string;
  type: FieldErrorType;
  /** Already rendered as Kubernetes does (`"x"` for strings, bare numbers, JSON lists); omitted for Required/Forbidden. */
  value?: string;
  detail?: string;
}

/** Render a Go value the way field.Error does: strings quoted, numbers and bools bare, the rest as JSON. */
export function renderValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === undefined || v === null) return 'null';
  return JSON.stringify(v);
}

export function formatFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.value !== undefined && e.type !== 'Required value' && e.type !== 'Forbidden') s += `: ${e.value}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** 422 Invalid: `The Service "web" is invalid: <cause>` or, with several causes, one `* <cause>` line each. */
export class InvalidError extends KubeError {
  constructor(
    readonly kind: string,
    readonly objectName: string,
    readonly causes: FieldError[],
  ) {
    super(InvalidError.render(kind, objectName, causes));
  }
  static render(kind: string, name: string, causes: FieldError[]): string {
    const lines = [...new Set(causes.map(formatFieldError))];
    if (lines.length === 1) return `The ${kind} "${name}" is invalid: ${lines[0]}`;
    return `The ${kind} "${name}" is invalid: \n` + lines.map((l) => `* ${l}`).join('\n');
  }
}

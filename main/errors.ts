// Typed errors of the whole main process (security, tools, api, memory), mapped to HTTP status and
// JSON-RPC codes in one place: main/httpErrors.ts.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unavailable'
  | 'storage'
  | 'forbidden'
  | 'unauthorized'
  | 'rate_limited'
  | 'too_large';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export class InvalidInputError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid_input', message, details);
    this.name = 'InvalidInputError';
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('not_found', message, details);
    this.name = 'NotFoundError';
  }
}

/** The store cannot be read or written: corrupt file, read-only folder, full disk. Nothing was changed. */
export class StorageError extends AppError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('storage', message, details);
    this.name = 'StorageError';
  }
}

/** Error codes of SPEC section 8, with their HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  STATE_MISMATCH: 400,
  ONBOARDING_INCOMPLETE: 400,
  INVALID_ACTION: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  ONBOARDING_REQUIRED: 403,
  ONBOARDING_COMPLETED: 403,
  AGENT_NOT_ALLOWED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACTION_NOT_ALLOWED: 409,
  EMAIL_TAKEN: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A domain error: its code decides the status; `context` fields travel inside `detail`. */
export class AppError extends Error {
  override name = 'AppError';
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
    this.statusCode = ERROR_STATUS[code];
  }
}

/** SPEC section 8's uniform body. */
export function errorBody(code: string, message: string, requestId: string, context: Record<string, unknown> = {}) {
  return { detail: { message, error_code: code, ...context }, error_code: code, request_id: requestId };
}

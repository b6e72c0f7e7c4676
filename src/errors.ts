/** Error codes of docs/behaviour/errors.md, with their HTTP status. */
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
  /**
   * `message` is in the language the flow chose (English unless a session decided otherwise);
   * `localized` holds the same message by language, and the error handler answers in the
   * language the request states when there is one (docs/behaviour/conversation.md, "Languages").
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly context: Record<string, unknown> = {},
    readonly localized: Partial<Record<MessageLocale, string>> = {},
  ) {
    super(message);
    this.statusCode = ERROR_STATUS[code];
  }
}

/** docs/behaviour/errors.md's uniform body. */
export function errorBody(code: string, message: string, requestId: string, context: Record<string, unknown> = {}) {
  return { detail: { message, error_code: code, ...context }, error_code: code, request_id: requestId };
}

export type MessageLocale = 'en' | 'es';

/**
 * The language of a request's error messages from its Accept-Language header (`es-MX`, `EN`,
 * `en;q=0.8, es` all resolve), or null when it names neither language. Codes stay English.
 */
export function acceptLanguage(header: string | string[] | undefined): MessageLocale | null {
  const raw = Array.isArray(header) ? header.join(',') : header;
  if (!raw) return null;
  let best: { locale: MessageLocale; q: number } | null = null;
  for (const part of raw.slice(0, 500).split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (primary !== 'en' && primary !== 'es') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? null;
}

/**
 * Plain-words messages for errors raised by the framework and the platform plugins (parsing,
 * routing, limits, outages), so no framework or driver text reaches a client.
 */
export const PLATFORM_MESSAGES = {
  en: {
    notFound: (method: string, path: string) => `There is no ${method} ${path} endpoint.`,
    invalidJson: 'The request body is not valid JSON.',
    emptyJson: 'The request body is empty, but its Content-Type says it is JSON.',
    badBody: 'The request body could not be read.',
    unsupportedMediaType: 'Send the request body as JSON (Content-Type: application/json).',
    tooLarge: 'The request body is larger than 64 KB.',
    tooDeep: (max: number) => `The request body is nested more than ${max} levels deep.`,
    unstorableText: (field: string) =>
      `The field "${field}" contains characters that cannot be stored (a NUL character or an incomplete Unicode character).`,
    badData: 'A value in the request cannot be stored.',
    rateLimited: (after: string) => `Too many requests; try again in ${after}.`,
    unauthorized: 'Missing or invalid bearer token.',
    badRequest: 'The request is not valid.',
    notFoundItem: 'The requested item does not exist.',
    unavailable: 'The service is unavailable right now; try again shortly.',
    shuttingDown: 'The service is restarting; try again shortly.',
    internal: 'Something went wrong on our side; try again later.',
  },
  es: {
    notFound: (method: string, path: string) => `No existe el recurso ${method} ${path}.`,
    invalidJson: 'El cuerpo de la petición no es JSON válido.',
    emptyJson: 'El cuerpo de la petición está vacío, pero su Content-Type dice que es JSON.',
    badBody: 'No se ha podido leer el cuerpo de la petición.',
    unsupportedMediaType: 'Envía el cuerpo de la petición como JSON (Content-Type: application/json).',
    tooLarge: 'El cuerpo de la petición ocupa más de 64 KB.',
    tooDeep: (max: number) => `El cuerpo de la petición tiene más de ${max} niveles de anidamiento.`,
    unstorableText: (field: string) =>
      `El campo «${field}» contiene caracteres que no se pueden guardar (un carácter nulo o un carácter Unicode incompleto).`,
    badData: 'Un valor de la petición no se puede guardar.',
    rateLimited: (after: string) => `Demasiadas peticiones; vuelve a intentarlo en ${after}.`,
    unauthorized: 'Falta el token de acceso o no es válido.',
    badRequest: 'La petición no es válida.',
    notFoundItem: 'El elemento pedido no existe.',
    unavailable: 'El servicio no está disponible ahora mismo; inténtalo de nuevo en unos momentos.',
    shuttingDown: 'El servicio se está reiniciando; inténtalo de nuevo en unos momentos.',
    internal: 'Algo ha fallado por nuestra parte; inténtalo de nuevo más tarde.',
  },
} as const;

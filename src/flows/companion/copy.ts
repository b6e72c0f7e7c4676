import type { Locale } from '../../../machines/guided/types.js';

/** Error messages of /api/chat, in the user's language; the codes stay English. */
export const chatErrors: Record<
  Locale,
  Record<
    | 'INVALID_AGENT'
    | 'INVALID_MESSAGE'
    | 'MESSAGE_TOO_LONG'
    | 'BAD_TEXT'
    | 'AGENT_MISMATCH'
    | 'NOT_FOUND'
    | 'UNAUTHORIZED'
    | 'RATE_LIMITED'
    | 'INTERNAL_ERROR'
    | 'SERVICE_UNAVAILABLE'
    | 'VALIDATION_ERROR',
    string
  >
> = {
  es: {
    INVALID_AGENT: 'Ese avatar no existe. Elige uno de los avatares disponibles.',
    INVALID_MESSAGE: 'Escribe un mensaje para poder responderte.',
    MESSAGE_TOO_LONG: 'El mensaje es demasiado largo: como máximo 4000 caracteres.',
    BAD_TEXT: 'El mensaje contiene caracteres que no se pueden guardar.',
    AGENT_MISMATCH: 'Esta conversación es con otro avatar; empieza una nueva para hablar con este.',
    NOT_FOUND: 'No encuentro esa conversación.',
    UNAUTHORIZED: 'Tu sesión no es válida. Vuelve a iniciar sesión.',
    RATE_LIMITED: 'Demasiados mensajes seguidos. Espera un momento y vuelve a intentarlo.',
    INTERNAL_ERROR: 'Algo ha fallado por nuestra parte. Inténtalo de nuevo en un momento.',
    SERVICE_UNAVAILABLE: 'El servicio no está disponible ahora mismo. Inténtalo de nuevo en un momento.',
    VALIDATION_ERROR: 'La petición no tiene el formato esperado.',
  },
  en: {
    INVALID_AGENT: 'That avatar does not exist. Choose one of the available avatars.',
    INVALID_MESSAGE: 'Write a message so I can answer.',
    MESSAGE_TOO_LONG: 'The message is too long: at most 4000 characters.',
    BAD_TEXT: 'The message contains characters that cannot be stored.',
    AGENT_MISMATCH: 'This conversation is with another avatar; start a new one to talk to this one.',
    NOT_FOUND: 'I cannot find that conversation.',
    UNAUTHORIZED: 'Your session is not valid. Please sign in again.',
    RATE_LIMITED: 'Too many messages in a row. Wait a moment and try again.',
    INTERNAL_ERROR: 'Something went wrong on our side. Try again in a moment.',
    SERVICE_UNAVAILABLE: 'The service is unavailable right now. Try again in a moment.',
    VALIDATION_ERROR: 'The request does not have the expected shape.',
  },
};

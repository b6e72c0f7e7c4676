import type { Locale, MainUse, Style } from '../../../machines/guided/types.js';
import type { ReplyKey } from '../../../machines/guided/machine.js';

/** Every user-facing sentence of the guided flow, one catalogue per locale. */
export interface Catalogue {
  replies: Record<ReplyKey, (p: Record<string, string>) => string>;
  mainUse: Record<MainUse, string>;
  style: Record<Style, string>;
  closing: string;
  errors: {
    INVALID_ACTION: string;
    ACTION_NOT_ALLOWED: (state: string) => string;
    VALIDATION_ERROR: string;
    VALUE_TOO_LONG: (max: number) => string;
    NOT_STARTED: string;
    STALE_STATE: string;
  };
}

const es: Catalogue = {
  replies: {
    welcome: () => '¡Hola! Bienvenido. Vamos a preparar tu experiencia en un par de minutos.',
    ask_name: () => '¿Cómo te llamas?',
    reask_name: () => 'No he llegado a ver tu nombre, ¿puedes decírmelo otra vez?',
    explain_name: () => 'Necesito tu nombre para continuar. Escríbelo tal cual, por ejemplo: «Me llamo Marta».',
    greet: ({ name }) => `Encantado de conocerte, ${name}.`,
    ask_goal: () => '¿Cuál es tu objetivo principal ahora mismo?',
    reask_goal: () => 'No he llegado a ver tu objetivo, ¿puedes contármelo otra vez?',
    explain_goal: () =>
      'Necesito saber qué quieres conseguir. Escríbelo en una frase, por ejemplo: «Quiero organizar mejor mi tiempo».',
    ask_main_use: () => '¿Para qué quieres usar principalmente la app?',
    ask_style: () => '¿Qué estilo prefieres para tu acompañante?',
    invalid_option: () => 'Esa opción no está en la lista. Elige una de las opciones, por favor.',
    explain_option: () => 'Para seguir, pulsa uno de los botones de abajo; cada uno es una respuesta válida.',
    summary_failed: () => 'No he podido preparar tu resumen. Elige tu estilo otra vez, por favor.',
  },
  mainUse: { A: 'Hablar con un avatar IA', B: 'Publicar y leer posts', C: 'Ambas cosas' },
  style: {
    '1': 'Calmado y empático',
    '2': 'Directo y práctico',
    '3': 'Motivador / coach',
    '4': 'Divertido y ligero',
    '5': 'Informativo y neutral',
  },
  closing: 'Listo, tu onboarding está completo. Tu acompañante ya te está esperando.',
  errors: {
    INVALID_ACTION: 'Acción no válida. Usa START, SUBMIT_TEXT o SELECT_OPTION.',
    ACTION_NOT_ALLOWED: (state) => `Esa acción no está permitida en el estado «${state}».`,
    VALIDATION_ERROR: 'La petición no tiene el formato esperado: { action, value, context }.',
    VALUE_TOO_LONG: (max) => `El texto es demasiado largo (máximo ${max} caracteres).`,
    NOT_STARTED: 'El onboarding aún no ha empezado. Envía START para comenzar.',
    STALE_STATE: 'Esa respuesta era para una pregunta anterior; ya hemos avanzado. Te muestro dónde estamos.',
  },
};

const en: Catalogue = {
  replies: {
    welcome: () => 'Hi! Welcome. Let’s set up your experience in a couple of minutes.',
    ask_name: () => 'What’s your name?',
    reask_name: () => 'I didn’t catch your name, could you tell me again?',
    explain_name: () => 'I need your name to continue. Just type it, for example: “My name is Marta”.',
    greet: ({ name }) => `Nice to meet you, ${name}.`,
    ask_goal: () => 'What is your main goal right now?',
    reask_goal: () => 'I didn’t catch your goal, could you tell me again?',
    explain_goal: () => 'I need to know what you want to achieve. Write it in one sentence, for example: “I want to manage my time better”.',
    ask_main_use: () => 'What will you mainly use the app for?',
    ask_style: () => 'Which style do you prefer for your companion?',
    invalid_option: () => 'That option is not on the list. Please choose one of the options.',
    explain_option: () => 'To continue, tap one of the buttons below; each one is a valid answer.',
    summary_failed: () => 'I couldn’t prepare your summary. Please choose your style again.',
  },
  mainUse: { A: 'Talk to an AI avatar', B: 'Post and read posts', C: 'Both' },
  style: {
    '1': 'Calm and empathetic',
    '2': 'Direct and practical',
    '3': 'Motivating / coach',
    '4': 'Fun and light',
    '5': 'Informative and neutral',
  },
  closing: 'All set, your onboarding is complete. Your companion is ready for you.',
  errors: {
    INVALID_ACTION: 'Invalid action. Use START, SUBMIT_TEXT or SELECT_OPTION.',
    ACTION_NOT_ALLOWED: (state) => `That action is not allowed in state "${state}".`,
    VALIDATION_ERROR: 'The request does not have the expected shape: { action, value, context }.',
    VALUE_TOO_LONG: (max) => `The text is too long (at most ${max} characters).`,
    NOT_STARTED: 'Onboarding has not started yet. Send START to begin.',
    STALE_STATE: 'That answer was for an earlier question; we have already moved on. Here is where we are.',
  },
};

export const catalogues: Record<Locale, Catalogue> = { es, en };

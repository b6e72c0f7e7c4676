import type { Locale, MainUse, Style } from '../../../machines/guided/types.js';
import type { ReplyKey } from '../../../machines/guided/machine.js';

/** Every user-facing sentence of the guided flow, one catalogue per locale. */
export interface Catalogue {
  replies: Record<ReplyKey, (p: Record<string, string>) => string>;
  mainUse: Record<MainUse, string>;
  style: Record<Style, string>;
  /** Per main use: a posts-only user is not told a companion is waiting. */
  closing: Record<MainUse, string>;
  errors: {
    INVALID_ACTION: string;
    ACTION_NOT_ALLOWED: (state: string) => string;
    VALIDATION_ERROR: string;
    VALUE_TOO_LONG: (max: number) => string;
    NOT_STARTED: string;
    /** Any other request problem, by its machine-readable code, in plain words. */
    plainFor: (code: string) => string;
    STALE_STATE: string;
  };
}

/** What the user can do instead, for an action that does not fit the current question. */
const ES_NOT_NOW: Partial<Record<string, string>> = {
  ask_name: 'Ahora necesito tu nombre: escríbelo en el cuadro de texto.',
  ask_goal: 'Ahora necesito tu objetivo: escríbelo en el cuadro de texto.',
  choose_main_use: 'Ahora toca elegir una de las opciones de abajo.',
  choose_style: 'Ahora toca elegir una de las opciones de abajo.',
  end: 'Tu onboarding ya está completo; no hace falta nada más.',
};
const EN_NOT_NOW: Partial<Record<string, string>> = {
  ask_name: 'Right now I need your name: type it in the text box.',
  ask_goal: 'Right now I need your goal: type it in the text box.',
  choose_main_use: 'Right now, please choose one of the options below.',
  choose_style: 'Right now, please choose one of the options below.',
  end: 'Your onboarding is already complete; nothing else is needed.',
};

const es: Catalogue = {
  replies: {
    welcome: () => '¡Hola! Bienvenido. Vamos a preparar tu experiencia en un par de minutos.',
    app_intro: () =>
      'Andhis es una red social donde puedes publicar y leer posts, y además conversar con avatares de IA con distintas personalidades. Tú decides cómo quieres usarla.',
    ask_name: () => '¿Cómo te llamas?',
    reask_name: () => 'No he llegado a ver tu nombre, ¿puedes decírmelo otra vez?',
    explain_name: () => 'Necesito tu nombre para continuar. Escríbelo tal cual, por ejemplo: «Me llamo Marta».',
    greet: ({ name }) => `Encantado de conocerte, ${name}.`,
    ask_goal: () => '¿Cuál es tu objetivo principal ahora mismo?',
    reask_goal: () => 'No he llegado a ver tu objetivo, ¿puedes contármelo otra vez?',
    explain_goal: () => 'Necesito saber qué quieres conseguir. Escríbelo en una frase, por ejemplo: «Quiero organizar mejor mi tiempo».',
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
  closing: {
    A: 'Listo, tu onboarding está completo. Tu acompañante ya te está esperando en el chat. Puedes cambiar de avatar más adelante en Ajustes.',
    B: 'Listo, tu onboarding está completo. Ya puedes publicar y leer posts. Si algún día quieres hablar con un avatar, puedes elegirlo o cambiarlo en Ajustes.',
    C: 'Listo, tu onboarding está completo. Ya puedes publicar y leer posts, y tu acompañante te espera en el chat. Puedes cambiar de avatar más adelante en Ajustes.',
  },
  errors: {
    INVALID_ACTION: 'No he entendido esa acción. Vuelve a intentarlo desde la pantalla de bienvenida.',
    ACTION_NOT_ALLOWED: (state) => ES_NOT_NOW[state] ?? 'Ahora mismo no puedo hacer eso. Sigue desde la pregunta que aparece en pantalla.',
    VALIDATION_ERROR: 'No he podido leer tu respuesta. Vuelve a intentarlo, por favor.',
    VALUE_TOO_LONG: (max) => `Tu respuesta es demasiado larga: escríbela en ${max} caracteres como máximo.`,
    NOT_STARTED: 'Todavía no hemos empezado. Pulsa el botón de inicio para comenzar.',
    plainFor: (code) =>
      code === 'PAYLOAD_TOO_LARGE'
        ? 'Tu respuesta es demasiado larga. Escríbela más corta, por favor.'
        : 'No he podido leer tu respuesta. Vuelve a intentarlo, por favor.',
    STALE_STATE: 'Esa respuesta era para una pregunta anterior; ya hemos avanzado. Te muestro dónde estamos.',
  },
};

const en: Catalogue = {
  replies: {
    welcome: () => 'Hi! Welcome. Let’s set up your experience in a couple of minutes.',
    app_intro: () =>
      'Andhis is a social network where you can post and read posts, and also talk with AI avatars with different personalities. You decide how you want to use it.',
    ask_name: () => 'What’s your name?',
    reask_name: () => 'I didn’t catch your name, could you tell me again?',
    explain_name: () => 'I need your name to continue. Just type it, for example: “My name is Marta”.',
    greet: ({ name }) => `Nice to meet you, ${name}.`,
    ask_goal: () => 'What is your main goal right now?',
    reask_goal: () => 'I didn’t catch your goal, could you tell me again?',
    explain_goal: () =>
      'I need to know what you want to achieve. Write it in one sentence, for example: “I want to manage my time better”.',
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
  closing: {
    A: 'All set, your onboarding is complete. Your companion is waiting for you in the chat. You can change your avatar later in Settings.',
    B: 'All set, your onboarding is complete. You can now post and read posts. If you ever want to talk to an avatar, you can pick or change it in Settings.',
    C: 'All set, your onboarding is complete. You can now post and read posts, and your companion is waiting for you in the chat. You can change your avatar later in Settings.',
  },
  errors: {
    INVALID_ACTION: 'I did not understand that action. Please try again from the welcome screen.',
    ACTION_NOT_ALLOWED: (state) => EN_NOT_NOW[state] ?? 'I can’t do that right now. Please carry on from the question on screen.',
    VALIDATION_ERROR: 'I couldn’t read your answer. Please try again.',
    VALUE_TOO_LONG: (max) => `Your answer is too long: please keep it to ${max} characters.`,
    NOT_STARTED: 'We haven’t started yet. Tap the start button to begin.',
    plainFor: (code) =>
      code === 'PAYLOAD_TOO_LARGE' ? 'Your answer is too long. Please make it shorter.' : 'I couldn’t read your answer. Please try again.',
    STALE_STATE: 'That answer was for an earlier question; we have already moved on. Here is where we are.',
  },
};

export const catalogues: Record<Locale, Catalogue> = { es, en };

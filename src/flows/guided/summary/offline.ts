/** Deterministic guided-flow summary, used when the LLM is off, fails, or is rejected. Pure. */
import type { Locale, MainUse, Style, SummaryInput } from '../../../../machines/guided/types.js';
import { classify, type Domain, type GoalClassification, type HarmKind } from './classify.js';
import { restateGoal, wishClause } from './restate.js';
import { summaryName } from './validate.js';

type GoalClass = GoalClassification['kind'];

type Steps = readonly [string, string] | readonly [string, string, string];
interface Opening {
  plain: string;
  named: (name: string) => string;
}
interface Harm {
  opening: Opening;
  goal: string;
  steps: readonly [string, string, string];
}
interface SummaryCopy {
  opening: Record<Style, Opening>;
  harm: Record<HarmKind, Harm>;
  distressOpening: Opening;
  goal: {
    /** Said after the restated goal: why the steps look the way they do. */
    domain: Record<Domain, string>;
    vague: string;
    offTopic: string;
    unrealistic: string;
    distressWithGoal: string;
    distress: string;
  };
  stepsIntro: string;
  steps: {
    clear: Record<Domain, readonly [string, string]>;
    vague: readonly [string, string];
    offTopic: readonly [string, string];
    unrealistic: Partial<Record<Domain, readonly [string, string]>> & { other: readonly [string, string] };
    distress: readonly [string, string, string];
    distressGentle: Partial<Record<Domain, string>>;
  };
  useStep: { act: Record<MainUse, string>; explore: Record<MainUse, string> };
}

const SUMMARY_COPY: Record<Locale, SummaryCopy> = {
  es: {
    opening: {
      '1': { plain: 'Gracias por compartirlo.', named: (n) => `Gracias por compartirlo, ${n}.` },
      '2': { plain: 'Vamos al grano.', named: (n) => `Vamos al grano, ${n}.` },
      '3': { plain: '¡Vamos a por ello!', named: (n) => `¡Vamos a por ello, ${n}!` },
      '4': { plain: '¡Manos a la obra!', named: (n) => `¡Manos a la obra, ${n}!` },
      '5': { plain: 'Este es tu resumen.', named: (n) => `Este es tu resumen, ${n}.` },
    },
    harm: {
      others: {
        opening: {
          plain: 'No puedo apoyar ese objetivo porque podría causar daño a otra persona.',
          named: (n) => `${n}, no puedo apoyar ese objetivo porque podría causar daño a otra persona.`,
        },
        goal: 'Te propongo cambiarlo por un objetivo seguro: gestionar lo que sientes y cuidar de ti sin hacer daño a nadie.',
        steps: [
          'Escribe qué pasó y cómo te hizo sentir, para entender qué necesitas de verdad.',
          'Canaliza esa energía en algo tuyo, como hacer ejercicio o avanzar en un proyecto personal.',
          'Si el conflicto sigue, habla con una persona de confianza, un mediador o un profesional.',
        ],
      },
      privacy: {
        opening: {
          plain: 'No puedo apoyar ese objetivo porque invade la privacidad de otra persona.',
          named: (n) => `${n}, no puedo apoyar ese objetivo porque invade la privacidad de otra persona.`,
        },
        goal: 'Te propongo un objetivo seguro: respetar la privacidad de los demás y aclarar lo que te preocupa de frente.',
        steps: [
          'Si algo te genera desconfianza, habla directamente con esa persona sobre lo que sientes.',
          'Cuida tu propia seguridad digital: revisa tus contraseñas y la privacidad de tus cuentas.',
          'Si la situación te supera, busca apoyo en alguien de confianza o en un profesional.',
        ],
      },
      illegal: {
        opening: {
          plain: 'No puedo apoyar ese objetivo porque podría causar daño o ser ilegal.',
          named: (n) => `${n}, no puedo apoyar ese objetivo porque podría causar daño o ser ilegal.`,
        },
        goal: 'Te propongo cambiarlo por un objetivo seguro y legal que responda a lo que necesitas.',
        steps: [
          'Piensa qué necesidad hay detrás de ese objetivo, como dinero, seguridad o reconocimiento, y escríbela.',
          'Elige un objetivo legal y seguro que responda a esa necesidad.',
          'Si la situación te supera, habla con una persona de confianza o con un profesional.',
        ],
      },
      self_harm: {
        opening: {
          plain: 'Gracias por contarlo. Lo que sientes importa y mereces apoyo ahora mismo.',
          named: (n) => `${n}, gracias por contarlo. Lo que sientes importa y mereces apoyo ahora mismo.`,
        },
        goal: 'Tu objetivo ahora es cuidarte y buscar apoyo.',
        steps: [
          'Habla hoy con una persona de confianza y cuéntale cómo te sientes.',
          'Si estás en peligro inmediato, llama ahora al número de emergencias local.',
          'Contacta con una línea de apoyo emocional de tu zona o con un profesional de la salud.',
        ],
      },
      starving: {
        opening: {
          plain: 'Gracias por contarlo. Tu salud importa y no voy a apoyar dejar de comer.',
          named: (n) => `${n}, gracias por contarlo. Tu salud importa y no voy a apoyar dejar de comer.`,
        },
        goal: 'Te propongo un objetivo seguro: cuidar tu cuerpo y tu relación con la comida con ayuda profesional.',
        steps: [
          'Pide cita con tu médico o con un dietista-nutricionista y cuéntale lo que te pasa.',
          'Mantén comidas regulares cada día, aunque sean sencillas.',
          'Si sientes que la comida te supera, habla con una persona de confianza o con una línea de apoyo de tu zona.',
        ],
      },
    },
    distressOpening: {
      plain: 'Siento que estés pasando por un momento difícil; lo que sientes importa.',
      named: (n) => `${n}, siento que estés pasando por un momento difícil; lo que sientes importa.`,
    },
    goal: {
      domain: {
        study: 'Es una meta de estudio, y lo que más ayuda es un plan claro y constancia.',
        running: 'Es una meta de carrera, y lo que más ayuda es avanzar poco a poco.',
        fitness: 'Es una meta de forma física, y lo que más ayuda es la regularidad.',
        languages: 'Es una meta de idiomas, y lo que más ayuda es practicar un poco cada día.',
        reading: 'Es una meta de lectura, y lo que más ayuda es crear el hábito.',
        sleep: 'Es una meta de descanso, y lo que más ayuda es una rutina estable.',
        work: 'Es una meta profesional, y lo que más ayuda es concretar el siguiente paso.',
        money: 'Es una meta de finanzas, y lo que más ayuda es saber a dónde va tu dinero.',
        social: 'Es una meta de relaciones, y lo que más ayuda es dar pasos pequeños y frecuentes.',
        creative: 'Es una meta creativa, y lo que más ayuda es practicar con regularidad.',
        health: 'Es una meta de salud, y lo que más ayuda es cambiar un hábito cada vez.',
        other: 'Lo que más ayuda es concretarlo y dar un primer paso pequeño.',
      },
      vague: 'Todavía no está claro cuál es tu objetivo, y no pasa nada: lo iremos concretando con calma.',
      offTopic: 'Lo que has escrito no describe todavía un objetivo, así que empezaremos por definirlo.',
      unrealistic:
        'Tal como está planteado no es realista, así que lo convertimos en una meta alcanzable con un plazo sensato, sin prometer resultados.',
      distressWithGoal: 'Lo tomaremos con calma y a tu ritmo.',
      distress: 'Ahora lo importante es cuidarte, sin prisas.',
    },
    stepsIntro: 'Tus próximos pasos:',
    steps: {
      clear: {
        study: [
          'Haz un horario semanal de estudio con bloques fijos de 45 minutos.',
          'Haz una lista de temas o tareas pendientes y empieza por la más urgente.',
        ],
        running: [
          'Sigue un plan para principiantes: 3 días por semana alternando caminar y trotar.',
          'Aumenta el tiempo de carrera poco a poco, no más de un 10 % por semana, y descansa entre sesiones.',
        ],
        fitness: [
          'Elige 3 días fijos por semana para entrenar entre 30 y 45 minutos.',
          'Apunta cada sesión para ver tu progreso y subir la exigencia poco a poco.',
        ],
        languages: [
          'Practica 15-20 minutos cada día con una app, un pódcast o series en ese idioma.',
          'Busca un intercambio o una clase semanal para hablar desde el principio.',
        ],
        reading: [
          'Reserva 20 minutos al día para leer, por ejemplo antes de dormir.',
          'Elige ya tu próximo libro y ten siempre uno a mano.',
        ],
        sleep: [
          'Fija una hora para acostarte y otra para levantarte, también el fin de semana.',
          'Deja las pantallas una hora antes de dormir y crea una rutina tranquila.',
        ],
        work: [
          'Define el siguiente paso profesional concreto y qué te falta para darlo.',
          'Dedica un bloque fijo cada semana a avanzar en ello, como actualizar tu CV o preparar una conversación con tu responsable.',
        ],
        money: [
          'Apunta tus ingresos y gastos durante un mes para ver a dónde va tu dinero.',
          'Fija una cantidad de ahorro mensual y apártala nada más cobrar.',
        ],
        social: [
          'Elige una actividad en grupo que te guste y ve una vez por semana.',
          'Escribe esta semana a una persona con la que quieras tener más contacto.',
        ],
        creative: [
          'Reserva un rato fijo varias veces por semana para practicar, aunque sean 20 minutos.',
          'Empieza un proyecto pequeño que puedas terminar en unas semanas.',
        ],
        health: [
          'Elige un solo hábito para empezar, como añadir verdura a una comida al día.',
          'Apunta cada día si lo has cumplido y, si lo necesitas, consulta a un profesional de la salud.',
        ],
        other: [
          'Concreta cómo sabrás que lo has conseguido y ponle una fecha realista.',
          'Reserva hoy 15 minutos para dar un primer paso pequeño.',
        ],
      },
      vague: [
        'Elige un área en la que quieras avanzar: salud, trabajo, relaciones o aprendizaje.',
        'Escribe en una frase qué te gustaría lograr en las próximas semanas.',
      ],
      offTopic: [
        'Define tu objetivo: escribe en una frase qué quieres conseguir.',
        'Añade un plazo realista y una forma sencilla de medir tu avance.',
      ],
      unrealistic: {
        fitness: [
          'Márcate un ritmo sano de medio kilo a un kilo por semana durante varios meses, y consúltalo con un profesional de la salud.',
          'Combina tres sesiones de ejercicio por semana con comidas regulares y apunta tu avance.',
        ],
        languages: [
          'Fija un primer hito realista a varios meses vista, como mantener una conversación sencilla.',
          'Practica 20 minutos cada día y mide tu avance cada mes.',
        ],
        money: [
          'Fija una meta de ahorro o de ingresos realista para los próximos meses, y desconfía de las promesas de dinero rápido.',
          'Apunta tus gastos y aparta una cantidad fija cada mes.',
        ],
        other: [
          'Reformula tu objetivo con un plazo de varios meses y un primer hito medible.',
          'Divide ese hito en una acción pequeña por semana y anota tu avance.',
        ],
      },
      distress: [
        'Elige hoy algo pequeño que te haga bien, como dar un paseo corto o descansar un rato.',
        'Cuéntale a una persona de confianza cómo te sientes.',
        'Si este malestar dura o te pesa demasiado, pide ayuda a un profesional de la salud o a un psicólogo.',
      ],
      distressGentle: {
        study: 'Elige una sola tarea pequeña de estudio para hoy y date un descanso al terminarla.',
        work: 'Elige una sola tarea del trabajo para hoy y deja el resto para después.',
        sleep: 'Prueba esta noche a acostarte a una hora fija, sin pantallas la última hora.',
        running: 'Sal a caminar o a trotar suave 15 minutos, sin exigirte nada más.',
        fitness: 'Haz hoy 15 minutos de movimiento suave, sin exigirte nada más.',
        social: 'Escribe hoy a una persona cercana, aunque sea un mensaje corto.',
        money: 'Apunta hoy tus gastos fijos para ver la situación con calma.',
      },
    },
    useStep: {
      act: {
        A: 'Cuéntale tu objetivo a tu avatar IA para que te acompañe cada semana.',
        B: 'Publica un post con tu objetivo y lee los de personas con metas parecidas.',
        C: 'Comparte tu objetivo con tu avatar IA y publica un post para seguir tu avance.',
      },
      explore: {
        A: 'Habla con tu avatar IA para explorar qué te gustaría cambiar.',
        B: 'Lee posts de otras personas para inspirarte y encontrar tu objetivo.',
        C: 'Explora ideas con tu avatar IA y en los posts de otras personas.',
      },
    },
  },
  en: {
    opening: {
      '1': { plain: 'Thanks for sharing this.', named: (n) => `Thanks for sharing this, ${n}.` },
      '2': { plain: 'Straight to the point.', named: (n) => `Straight to the point, ${n}.` },
      '3': { plain: "Let's go for it!", named: (n) => `Let's go for it, ${n}!` },
      '4': { plain: "Let's get started!", named: (n) => `Let's get started, ${n}!` },
      '5': { plain: 'Here is your summary.', named: (n) => `Here is your summary, ${n}.` },
    },
    harm: {
      others: {
        opening: {
          plain: "I can't support that goal because it could harm another person.",
          named: (n) => `${n}, I can't support that goal because it could harm another person.`,
        },
        goal: 'I suggest a safe goal instead: dealing with what you feel and looking after yourself without hurting anyone.',
        steps: [
          'Write down what happened and how it made you feel, to see what you really need.',
          'Put that energy into something of your own, such as exercise or a personal project.',
          'If the conflict goes on, talk to someone you trust, a mediator or a professional.',
        ],
      },
      privacy: {
        opening: {
          plain: "I can't support that goal because it invades another person's privacy.",
          named: (n) => `${n}, I can't support that goal because it invades another person's privacy.`,
        },
        goal: "I suggest a safe goal instead: respecting other people's privacy and dealing with what worries you openly.",
        steps: [
          'If something makes you distrust someone, talk to that person directly about how you feel.',
          'Look after your own digital safety: review your passwords and account privacy.',
          'If things feel overwhelming, get support from someone you trust or a professional.',
        ],
      },
      illegal: {
        opening: {
          plain: "I can't support that goal because it could cause harm or be illegal.",
          named: (n) => `${n}, I can't support that goal because it could cause harm or be illegal.`,
        },
        goal: 'I suggest replacing it with a safe, legal goal that meets what you need.',
        steps: [
          'Think about the need behind that goal, such as money, safety or recognition, and write it down.',
          'Choose a legal, safe goal that meets that need.',
          'If things feel overwhelming, talk to someone you trust or to a professional.',
        ],
      },
      self_harm: {
        opening: {
          plain: 'Thank you for sharing this. What you feel matters and you deserve support right now.',
          named: (n) => `${n}, thank you for sharing this. What you feel matters and you deserve support right now.`,
        },
        goal: 'Your goal right now is to look after yourself and get support.',
        steps: [
          'Talk to someone you trust today and tell them how you feel.',
          'If you are in immediate danger, call your local emergency number now.',
          'Contact a support or crisis line in your area or a health professional.',
        ],
      },
      starving: {
        opening: {
          plain: "Thank you for sharing this. Your health matters and I won't support not eating.",
          named: (n) => `${n}, thank you for sharing this. Your health matters and I won't support not eating.`,
        },
        goal: 'I suggest a safe goal instead: caring for your body and your relationship with food, with professional help.',
        steps: [
          'Book an appointment with your doctor or a registered dietitian and tell them what is going on.',
          'Keep regular meals every day, even simple ones.',
          'If food feels out of control, talk to someone you trust or to a support line in your area.',
        ],
      },
    },
    distressOpening: {
      plain: "I'm sorry you're going through a hard time; what you feel matters.",
      named: (n) => `${n}, I'm sorry you're going through a hard time; what you feel matters.`,
    },
    goal: {
      domain: {
        study: 'It is a study goal, and what helps most is a clear plan and consistency.',
        running: 'It is a running goal, and what helps most is building up gradually.',
        fitness: 'It is a fitness goal, and what helps most is regularity.',
        languages: 'It is a language goal, and what helps most is a little practice every day.',
        reading: 'It is a reading goal, and what helps most is building the habit.',
        sleep: 'It is a sleep goal, and what helps most is a steady routine.',
        work: 'It is a career goal, and what helps most is pinning down the next step.',
        money: 'It is a money goal, and what helps most is knowing where your money goes.',
        social: 'It is a social goal, and what helps most is small, frequent steps.',
        creative: 'It is a creative goal, and what helps most is regular practice.',
        health: 'It is a health goal, and what helps most is changing one habit at a time.',
        other: 'What helps most is making it concrete and taking a small first step.',
      },
      vague: 'Your goal is not clear yet, and that is fine: we will make it concrete calmly.',
      offTopic: 'What you wrote does not describe a goal yet, so we will start by defining one.',
      unrealistic:
        'As stated it is not realistic, so we will turn it into an achievable target with a sensible timeline, without promising results.',
      distressWithGoal: 'We will take it calmly, at your pace.',
      distress: 'What matters now is looking after yourself, with no rush.',
    },
    stepsIntro: 'Your next steps:',
    steps: {
      clear: {
        study: [
          'Make a weekly study timetable with fixed 45-minute blocks.',
          'List your pending topics or tasks and start with the most urgent one.',
        ],
        running: [
          'Follow a beginner plan: 3 days a week alternating walking and jogging.',
          'Increase your running time gradually, no more than 10% a week, with rest days in between.',
        ],
        fitness: [
          'Pick 3 fixed days a week to train for 30 to 45 minutes.',
          'Log every session to see your progress and raise the effort gradually.',
        ],
        languages: [
          'Practise 15-20 minutes every day with an app, a podcast or shows in that language.',
          'Find a language exchange or a weekly class to start speaking early.',
        ],
        reading: [
          'Set aside 20 minutes a day for reading, for example before bed.',
          'Choose your next book now and always keep one at hand.',
        ],
        sleep: [
          'Set a fixed time to go to bed and to get up, weekends included.',
          'Put screens away an hour before bed and build a calm routine.',
        ],
        work: [
          'Define the next concrete career step and what you still need to take it.',
          'Block a fixed slot each week to work on it, such as updating your CV or preparing a talk with your manager.',
        ],
        money: [
          'Track your income and spending for a month to see where your money goes.',
          'Set a monthly savings amount and move it aside as soon as you get paid.',
        ],
        social: [
          'Pick a group activity you enjoy and go once a week.',
          'Message one person this week you would like to be in touch with more.',
        ],
        creative: [
          'Set a fixed time several days a week to practise, even 20 minutes.',
          'Start a small project you can finish in a few weeks.',
        ],
        health: [
          'Pick one habit to start with, such as adding vegetables to one meal a day.',
          'Note each day whether you did it and, if you need to, see a health professional.',
        ],
        other: [
          'Decide how you will know you have achieved it and give it a realistic date.',
          'Set aside 15 minutes today to take a small first step.',
        ],
      },
      vague: [
        'Pick one area you want to work on: health, work, relationships or learning.',
        'Write one sentence about what you would like to achieve in the coming weeks.',
      ],
      offTopic: [
        'Define your goal: write one sentence about what you want to achieve.',
        'Add a realistic deadline and a simple way to measure your progress.',
      ],
      unrealistic: {
        fitness: [
          'Aim for a healthy pace of half a kilo to one kilo a week over several months, and check it with a health professional.',
          'Combine three exercise sessions a week with regular meals and log your progress.',
        ],
        languages: [
          'Set a realistic first milestone several months away, such as holding a simple conversation.',
          'Practise 20 minutes every day and check your progress each month.',
        ],
        money: [
          'Set a realistic savings or income target for the coming months, and be wary of get-rich-quick promises.',
          'Track your spending and put a fixed amount aside each month.',
        ],
        other: [
          'Restate your goal with a timeline of several months and a first measurable milestone.',
          'Break that milestone into one small action per week and log your progress.',
        ],
      },
      distress: [
        'Do one small thing today that does you good, such as a short walk or some rest.',
        'Tell someone you trust how you are feeling.',
        'If this feeling lasts or weighs on you too much, reach out to a doctor or a therapist.',
      ],
      distressGentle: {
        study: 'Pick just one small study task for today and take a break when it is done.',
        work: 'Pick just one work task for today and leave the rest for later.',
        sleep: 'Tonight, try going to bed at a fixed time with no screens in the last hour.',
        running: 'Go for an easy 15-minute walk or jog, with nothing more expected of you.',
        fitness: 'Do 15 minutes of gentle movement today, with nothing more expected of you.',
        social: 'Send a short message to someone close to you today.',
        money: 'Write down your fixed expenses today to see the situation calmly.',
      },
    },
    useStep: {
      act: {
        A: 'Tell your AI avatar about your goal so it can keep you company each week.',
        B: 'Publish a post about your goal and read posts from people with similar goals.',
        C: 'Share your goal with your AI avatar and publish a post to track your progress.',
      },
      explore: {
        A: 'Talk to your AI avatar to explore what you would like to change.',
        B: 'Read posts from other people to get inspired and find your goal.',
        C: "Explore ideas with your AI avatar and in other people's posts.",
      },
    },
  },
};

/** The classification of a goal, in the shape older callers know. */
export function classifyGoal(goal: string): GoalClass {
  return classify(goal).kind;
}

const numbered = (steps: readonly string[]): string[] => steps.map((s, i) => `${i + 1}. ${s}`);
const open = (opening: Opening, name: string): string => (name === '' ? opening.plain : opening.named(name));

/** The summary for an already classified goal (the validator and the prompt share the classification). */
export function offlineSummaryFor(input: SummaryInput, c: GoalClassification): string {
  const locale: Locale = input.locale === 'en' ? 'en' : 'es';
  const copy = SUMMARY_COPY[locale];
  const name = summaryName(input.name);
  // Fallbacks guard against untyped callers passing an unknown style or main use.
  let opening = open(copy.opening[input.style] ?? copy.opening['1'], name);
  const act = copy.useStep.act[input.mainUse] ?? copy.useStep.act.C;
  const explore = copy.useStep.explore[input.mainUse] ?? copy.useStep.explore.C;
  let restated: string[];
  let steps: Steps;
  switch (c.kind) {
    case 'harmful': {
      // The harmful goal is never echoed back, and the tone ignores the chosen style.
      const harm = copy.harm[c.harm ?? 'illegal'];
      opening = open(harm.opening, name);
      restated = [harm.goal];
      steps = harm.steps;
      break;
    }
    case 'distressed': {
      opening = open(copy.distressOpening, name);
      const wish = wishClause(input.goal, locale);
      const goal = wish === '' ? '' : restateGoal(wish, locale);
      restated = goal === '' ? [copy.goal.distress] : [goal, copy.goal.distressWithGoal];
      const gentle = copy.steps.distressGentle[c.domain];
      const [first, second, third] = copy.steps.distress;
      steps = [gentle ?? first, second, third];
      break;
    }
    case 'vague':
      restated = [copy.goal.vague];
      steps = [...copy.steps.vague, explore];
      break;
    case 'off_topic':
      restated = [copy.goal.offTopic];
      steps = [...copy.steps.offTopic, explore];
      break;
    case 'unrealistic': {
      const goal = restateGoal(input.goal, locale);
      restated = goal === '' ? [copy.goal.unrealistic] : [goal, copy.goal.unrealistic];
      const domain = c.domain === 'running' ? 'fitness' : c.domain;
      steps = [...(copy.steps.unrealistic[domain] ?? copy.steps.unrealistic.other), act];
      break;
    }
    case 'clear': {
      const goal = restateGoal(input.goal, locale);
      restated = goal === '' ? [copy.goal.domain[c.domain]] : [goal, copy.goal.domain[c.domain]];
      steps = [...copy.steps.clear[c.domain], act];
      break;
    }
  }
  return [opening, restated.join(' '), copy.stepsIntro, ...numbered(steps)].join('\n');
}

export function offlineSummary(input: SummaryInput): string {
  return offlineSummaryFor(input, classify(input.goal));
}

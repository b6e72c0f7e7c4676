/**
 * The offline general agent: answers the question asked from the saved profile (es and en),
 * recognises a request to change the profile and saves it through the step service only after
 * the user says yes, and otherwise says what it can do. It never promises anything else.
 */
import { FITNESS_DEFAULT_LOCALE } from '../../language/locale.js';
import type { ChatMessage } from '../fitness/chat-store.js';
import { fold } from '../companion/risk.js';
import type { GeneralAgent, GeneralInput, GeneralReply, PendingChange, ProfileWriter, UserProfile } from './port.js';
import { pendingOf } from './port.js';

type Locale = 'es' | 'en';
type Step = Record<string, unknown>;
const step = (p: UserProfile, n: number): Step | undefined => p.step_data[`step_${n}`] as Step | undefined;
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const join = (items: string[], l: Locale): string => (items.length === 0 ? (l === 'es' ? 'ninguna' : 'none') : items.join(', '));

const DAYS = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
};
const GOALS = {
  en: { fat_loss: 'fat loss', muscle_gain: 'muscle gain', general_fitness: 'general fitness' },
  es: { fat_loss: 'perder grasa', muscle_gain: 'ganar músculo', general_fitness: 'forma física general' },
} as const;
const DIETS = {
  en: { omnivore: 'omnivore', vegetarian: 'vegetarian', vegan: 'vegan', pescatarian: 'pescatarian', keto: 'keto', paleo: 'paleo' },
  es: { omnivore: 'omnívora', vegetarian: 'vegetariana', vegan: 'vegana', pescatarian: 'pescetariana', keto: 'keto', paleo: 'paleo' },
} as const;
const LEVELS = {
  en: { beginner: 'beginner', intermediate: 'intermediate', advanced: 'advanced' },
  es: { beginner: 'principiante', intermediate: 'intermedio', advanced: 'avanzado' },
} as const;
const label = (table: Record<string, string>, v: unknown): string => table[String(v)] ?? String(v);

/**
 * Words only one of the two languages uses, matched on folded text (no accents). Words both use
 * or that say nothing ("no", "ok", "me", "a") are left out, so "no" alone has no language.
 */
const SPANISH_LETTERS = /[ñáéíóúü¿¡]/giu;
const SPANISH_WORDS =
  /(?<![\p{L}])(?:que|cual|cuales|cuanto|cuanta|cuantos|cuantas|mis?|tu|tus|tengo|soy|estoy|ahora|agua|dieta|alergias?|alergic[oa]|horario|suplementos?|objetivos?|hola|si|vale|claro|lesion\w*|anade|agrega|apunta|pon|el|la|los|las|del|al|por|para|como|donde|cuando|tomo|quiero|puedes|dime|gracias|nivel|comidas?|entreno|mejor|cancela|dejalo|hazlo|adelante|confirmo|de|y|es|un|una|con|sin|muy|pero|tambien|otra|vez|duele|hecho|mal|chiste|cuentame)(?![\p{L}])/gu;
const ENGLISH_WORDS =
  /(?<![\p{L}])(?:the|my|what|whats|how|when|which|who|why|is|are|am|do|does|did|i|im|ive|you|your|can|could|should|would|will|please|tell|yes|yeah|yep|nope|thanks|thank|hi|hello|hey|went|want|have|has|and|to|of|in|on|for|with|about|much|many|again|hurt|add|drink|eat|take|it|that|this|sure|okay|cancel|dont|joke|now|allergic|allergies|goals?|water|diet|level)(?![\p{L}])/gu;
const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** The language a message is written in, or null when it gives no sign of one ("no", "ok", "?"). */
export function detectLocale(message: string): Locale | null {
  const folded = fold(message);
  const es = count(message, SPANISH_LETTERS) + count(folded, SPANISH_WORDS);
  const en = count(folded, ENGLISH_WORDS);
  return es > en ? 'es' : en > es ? 'en' : null;
}

/**
 * The language of the reply: the one the request asks for; else the one the message is written
 * in; else, for a bare "no" or "ok", the language of the conversation so far (the user's latest
 * message that shows one); else the fitness flow's default.
 */
export function replyLocale(message: string, history: readonly ChatMessage[], requested?: Locale): Locale {
  if (requested) return requested;
  const own = detectLocale(message);
  if (own) return own;
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    const earlier = m && m.role === 'user' ? detectLocale(m.content) : null;
    if (earlier) return earlier;
  }
  return FITNESS_DEFAULT_LOCALE;
}

const YES = /^(yes|yep|yeah|sure|ok|okay|confirm|do it|please do|si|vale|claro|de acuerdo|hazlo|confirmo|adelante)\b/;
const NO = /^(no|nope|cancel|cancela|mejor no|don'?t|dejalo)\b/;

/** Questions about the saved profile, most specific first. */
const TOPICS: Array<{ words: RegExp; answer: (p: UserProfile, l: Locale) => string }> = [
  {
    words: /allerg|alergi|intoleran/,
    answer: (p, l) => {
      const d = step(p, 4);
      if (!d) return l === 'es' ? 'Aún no tengo guardadas tus alergias.' : "I don't have your allergies saved yet.";
      return l === 'es'
        ? `Alergias: ${join(list(d.allergies), l)}. Intolerancias: ${join(list(d.intolerances), l)}.`
        : `Allergies: ${join(list(d.allergies), l)}. Intolerances: ${join(list(d.intolerances), l)}.`;
    },
  },
  {
    words: /injur|lesion|equip|material|limitation|limitacion/,
    answer: (p, l) => {
      const c = step(p, 3);
      if (!c)
        return l === 'es' ? 'Aún no tengo guardadas tus lesiones ni tu material.' : "I don't have your injuries or equipment saved yet.";
      return l === 'es'
        ? `Lesiones: ${join(list(c.injuries), l)}. Material: ${join(list(c.equipment), l)}. Limitaciones: ${join(list(c.limitations), l)}.`
        : `Injuries: ${join(list(c.injuries), l)}. Equipment: ${join(list(c.equipment), l)}. Limitations: ${join(list(c.limitations), l)}.`;
    },
  },
  {
    words: /goal|objetiv|meta\b/,
    answer: (p, l) => {
      const goals = (step(p, 2)?.goals as Array<{ goal_type?: string }> | undefined) ?? [];
      if (goals.length === 0) return l === 'es' ? 'Aún no tengo guardados tus objetivos.' : "I don't have your goals saved yet.";
      const names = goals.map((g) => label(GOALS[l], g.goal_type));
      return l === 'es' ? `Tus objetivos: ${names.join(', ')}.` : `Your goals: ${names.join(', ')}.`;
    },
  },
  {
    words: /calor|macro|protein|carb|fat\b|grasa|kcal/,
    answer: (p, l) => {
      const m = step(p, 5);
      if (!m) return l === 'es' ? 'Aún no tengo guardado tu plan de comidas.' : "I don't have your meal plan saved yet.";
      const split = `${String(m.protein_percentage)}/${String(m.carbs_percentage)}/${String(m.fats_percentage)}`;
      return l === 'es'
        ? `Tu objetivo diario es de ${String(m.daily_calorie_target)} kcal, con un reparto proteínas/carbohidratos/grasas de ${split} %.`
        : `Your daily target is ${String(m.daily_calorie_target)} kcal, split ${split} % protein/carbs/fats.`;
    },
  },
  {
    words: /diet|vegan|vegetarian|eat\b|food|comida|como\b/,
    answer: (p, l) => {
      const d = step(p, 4);
      if (!d) return l === 'es' ? 'Aún no tengo guardada tu dieta.' : "I don't have your diet saved yet.";
      return l === 'es' ? `Sigues una dieta ${label(DIETS.es, d.diet_type)}.` : `You follow a ${label(DIETS.en, d.diet_type)} diet.`;
    },
  },
  {
    words: /water|hydrat|drink|agua|hidrat|beber/,
    answer: (p, l) => {
      const h = step(p, 8);
      if (!h) return l === 'es' ? 'Aún no tengo guardado tu objetivo de agua.' : "I don't have your water target saved yet.";
      const every = h.reminder_frequency_minutes;
      return l === 'es'
        ? `Tu objetivo de agua es ${String(h.daily_water_target_ml)} ml al día${every ? `, con un recordatorio cada ${String(every)} minutos` : ''}.`
        : `Your water target is ${String(h.daily_water_target_ml)} ml a day${every ? `, with a reminder every ${String(every)} minutes` : ''}.`;
    },
  },
  {
    words: /supplement|suplement|creatin|vitamin|magnesi/,
    answer: (p, l) => {
      const s = step(p, 9);
      if (!s) return l === 'es' ? 'Aún no tengo guardados tus suplementos.' : "I don't have your supplements saved yet.";
      if (!s.interested_in_supplements) return l === 'es' ? 'Elegiste no usar suplementos.' : 'You chose not to use supplements.';
      return l === 'es'
        ? `Suplementos que tomas: ${join(list(s.current_supplements), l)}.`
        : `Supplements you take: ${join(list(s.current_supplements), l)}.`;
    },
  },
  {
    words: /schedul|when do i|train|workout|meal|horario|cuando|entreno|comidas/,
    answer: (p, l) => {
      const meals = (step(p, 6)?.meals as Array<{ meal_name?: string; scheduled_time?: string }> | undefined) ?? [];
      const workouts = (step(p, 7)?.workouts as Array<{ day_of_week?: number; scheduled_time?: string }> | undefined) ?? [];
      if (meals.length === 0 && workouts.length === 0)
        return l === 'es' ? 'Aún no tengo guardado tu horario.' : "I don't have your schedule saved yet.";
      const m = meals.map((x) => `${String(x.meal_name)} ${String(x.scheduled_time)}`).join(', ');
      const w = workouts.map((x) => `${DAYS[l][x.day_of_week ?? 0]} ${String(x.scheduled_time)}`).join(', ');
      return l === 'es'
        ? `Comidas: ${m || 'ninguna'}. Entrenamientos: ${w || 'ninguno'}.`
        : `Meals: ${m || 'none'}. Workouts: ${w || 'none'}.`;
    },
  },
  {
    words: /level|nivel/,
    answer: (p, l) => {
      const v = step(p, 1)?.fitness_level;
      if (!v) return l === 'es' ? 'Aún no tengo guardado tu nivel.' : "I don't have your level saved yet.";
      return l === 'es' ? `Tu nivel es ${label(LEVELS.es, v)}.` : `Your level is ${label(LEVELS.en, v)}.`;
    },
  },
];

const DIET_WORDS: Record<string, keyof (typeof DIETS)['en']> = {
  vegan: 'vegan',
  vegano: 'vegan',
  vegana: 'vegan',
  vegetarian: 'vegetarian',
  vegetariano: 'vegetarian',
  vegetariana: 'vegetarian',
  pescatarian: 'pescatarian',
  pescetariano: 'pescatarian',
  pescetariana: 'pescatarian',
  keto: 'keto',
  paleo: 'paleo',
  omnivore: 'omnivore',
  omnivoro: 'omnivore',
  omnivora: 'omnivore',
};

const clean = (s: string): string =>
  s
    .replace(/[.!?¿¡]+$/g, '')
    .replace(/^(the|my|el|la|los|las|mi|mis)\s+/, '')
    .trim();

/** A change request, as the new data of one state; null when the message asks for none. */
function proposeChange(message: string, p: UserProfile, l: Locale): PendingChange | { missing: string } | null {
  const t = fold(message).trim();
  const injury =
    /\b(?:hurt|injured|broke|sprained|twisted|pulled|strained) my ([a-z ]+?)(?: again)?[.!]*$/.exec(t)?.[1] ??
    /\bme (?:he )?(?:lesionado|roto|torcido|hecho dano en) (?:el |la |los |las )?([a-z ]+?)(?: otra vez| de nuevo)?[.!]*$/.exec(t)?.[1] ??
    /\b(?:me duele|tengo mal) (?:el |la |los |las )?([a-z ]+?)(?: otra vez| de nuevo)?[.!]*$/.exec(t)?.[1];
  if (injury) {
    const c = step(p, 3);
    if (!c) return { missing: l === 'es' ? 'tus lesiones' : 'your injuries' };
    const part = clean(injury);
    const current = list(c.injuries);
    if (current.some((i) => fold(i) === part)) return null;
    return {
      step: 3,
      data: { ...c, injuries: [...current, part] },
      description: l === 'es' ? `añadir «${part}» a tus lesiones` : `add “${part}” to your injuries`,
    };
  }
  const diet =
    /\b(?:i went|i(?:'m| am)(?: now)?|i have become|i've become|i became|now i'?m|i'm going) (vegan|vegetarian|pescatarian|keto|paleo|omnivore)\b/.exec(
      t,
    )?.[1] ??
    /\b(?:ahora soy|soy|me he hecho|me hice|ahora como) (vegan[oa]|vegetarian[oa]|pescetarian[oa]|keto|paleo|omnivor[oa])\b/.exec(t)?.[1];
  if (diet && DIET_WORDS[diet]) {
    const d = step(p, 4);
    if (!d) return { missing: l === 'es' ? 'tu dieta' : 'your diet' };
    const type = DIET_WORDS[diet];
    if (d.diet_type === type) return null;
    return {
      step: 4,
      data: { ...d, diet_type: type },
      description: l === 'es' ? `cambiar tu dieta a ${DIETS.es[type]}` : `change your diet to ${DIETS.en[type]}`,
    };
  }
  const allergy =
    /\badd (.+?) to my allergies\b/.exec(t)?.[1] ??
    /\bi(?:'m| am)(?: now)? allergic to (.+?)[.!]*$/.exec(t)?.[1] ??
    /\b(?:anade|agrega|apunta|pon) (?:el |la |los |las )?(.+?) (?:a|en) mis alergias\b/.exec(t)?.[1] ??
    /\bsoy alergic[oa] a(?:l)? (.+?)[.!]*$/.exec(t)?.[1];
  if (allergy) {
    const d = step(p, 4);
    if (!d) return { missing: l === 'es' ? 'tus alergias' : 'your allergies' };
    const item = clean(allergy);
    const current = list(d.allergies);
    if (current.some((a) => fold(a) === item)) return null;
    return {
      step: 4,
      data: { ...d, allergies: [...current, item] },
      description: l === 'es' ? `añadir «${item}» a tus alergias` : `add “${item}” to your allergies`,
    };
  }
  return null;
}

const CAN_DO = {
  en: "I can tell you what your profile says (goals, level, injuries, diet, allergies, calories, schedule, water, supplements), and update your injuries, diet type or allergies once you confirm. I can't book, send or remind you of anything from here.",
  es: 'Puedo decirte lo que dice tu perfil (objetivos, nivel, lesiones, dieta, alergias, calorías, horario, agua, suplementos) y actualizar tus lesiones, tu tipo de dieta o tus alergias cuando me lo confirmes. Desde aquí no puedo reservar, enviar ni recordarte nada.',
};

export function createOfflineGeneralAgent(writer: ProfileWriter): GeneralAgent {
  return {
    async reply(input: GeneralInput): Promise<GeneralReply> {
      const l: Locale = replyLocale(input.message, input.history, input.locale);
      const t = fold(input.message).trim();
      const pending = pendingOf(input.history);
      if (pending && YES.test(t)) {
        const saved = await writer.saveStep(input.userId, pending.step, pending.data, {
          requestId: input.requestId,
          log: input.log,
          agent: 'general',
        });
        if (saved.ok)
          return {
            text:
              l === 'es' ? `Hecho: he guardado el cambio (${pending.description}).` : `Done: I saved the change (${pending.description}).`,
          };
        return { text: l === 'es' ? `No he podido guardarlo: ${saved.message}` : `I couldn't save it: ${saved.message}` };
      }
      if (pending && NO.test(t)) return { text: l === 'es' ? 'De acuerdo, no he cambiado nada.' : "Okay, I haven't changed anything." };

      const change = proposeChange(input.message, input.profile, l);
      if (change && 'missing' in change) {
        return {
          text:
            l === 'es'
              ? `Aún no tengo guardado ${change.missing}, así que no puedo cambiarlo desde aquí.`
              : `I don't have ${change.missing} saved yet, so I can't change it from here.`,
        };
      }
      if (change) {
        return {
          text:
            l === 'es'
              ? `¿Quieres que actualice tu perfil para ${change.description}? Responde «sí» o «no».`
              : `Shall I update your profile to ${change.description}? Answer “yes” or “no”.`,
          meta: { pending: change },
        };
      }
      const answers = TOPICS.filter((topic) => topic.words.test(t)).map((topic) => topic.answer(input.profile, l));
      if (answers.length > 0) return { text: answers.join(' ') };
      return { text: CAN_DO[l] };
    },
  };
}

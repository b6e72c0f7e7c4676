/**
 * The offline agent's words in Spanish, state by state, mirroring copy.ts. Quick-reply values are
 * answers the extractor reads as complete data (the Spanish cue words are understood).
 */
import { stateText, type StateNumber } from '../../../../../machines/fitness/states.js';
import type { StepDataMap } from '../../schemas.js';
import type { QuickReply } from '../agent.js';
import type { Copy, FieldCopy, StateCopy } from './copy.js';
import { schemaMessage } from '../../messages.js';

const reply = (value: string, label: string = value): QuickReply => ({ value, label });

/** Los campos como los nombran los mensajes de validación, en palabras; los demás pierden los guiones bajos. */
const CAMPOS: Readonly<Record<string, string>> = {
  daily_calorie_target: 'el objetivo de calorías diarias',
  protein_percentage: 'el porcentaje de proteínas',
  carbs_percentage: 'el porcentaje de hidratos',
  fats_percentage: 'el porcentaje de grasas',
  daily_water_target_ml: 'el agua diaria (en ml)',
  reminder_frequency_minutes: 'el intervalo de los recordatorios (en minutos)',
  target_weight_kg: 'el peso objetivo (en kg)',
  target_body_fat_percentage: 'la grasa corporal objetivo (en %)',
};

/** "daily_calorie_target debe ..." -> "el objetivo de calorías diarias debe ...": el mensaje sin nombres de campo. */
const claro = (error: string): string => error.replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (name) => CAMPOS[name] ?? name.replaceAll('_', ' '));

function juntar(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} y ${items[items.length - 1] ?? ''}`;
}
const lista = (items: readonly string[], none: string, label: string): string => (items.length === 0 ? none : `${label} ${juntar(items)}`);

const NIVEL = { beginner: 'principiante', intermediate: 'intermedio', advanced: 'avanzado' } as const;
const OBJETIVO = { fat_loss: 'perder grasa', muscle_gain: 'ganar músculo', general_fitness: 'mejorar tu forma física' } as const;
const DIETA = {
  omnivore: 'omnívora',
  vegetarian: 'vegetariana',
  vegan: 'vegana',
  pescatarian: 'pescetariana',
  keto: 'cetogénica',
  paleo: 'paleo',
} as const;
const DIAS = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'] as const;

const agua = (ml: number): string => (ml >= 1000 && ml % 100 === 0 ? `${String(ml / 1000).replace('.', ',')} litros` : `${ml} ml`);
const cada = (min: number): string =>
  min === 60 ? 'cada hora' : min > 60 && min % 60 === 0 ? `cada ${min / 60} horas` : `cada ${min} minutos`;

function semanal(workouts: StepDataMap[7]['workouts']): string {
  const byTime = new Map<string, string[]>();
  for (const slot of workouts) byTime.set(slot.scheduled_time, [...(byTime.get(slot.scheduled_time) ?? []), DIAS[slot.day_of_week] ?? '']);
  return juntar([...byTime].map(([time, days]) => `${juntar(days)} a las ${time}`));
}

const REPARTO: FieldCopy = {
  question: '¿Cómo quieres repartir las calorías entre proteínas, hidratos y grasas? Por ejemplo 30/40/30 (deben sumar 100).',
  completions: [reply('30/40/30'), reply('40/30/30'), reply('25/50/25')],
};

export const STATE_COPY_ES: { readonly [S in StateNumber]: StateCopy<S> } = {
  1: {
    question: '¿Cómo describirías tu nivel de forma física ahora mismo: principiante, intermedio o avanzado?',
    options: [reply('principiante', 'Principiante'), reply('intermedio', 'Intermedio'), reply('avanzado', 'Avanzado')],
    fields: {
      fitness_level: {
        question:
          '¿Cuál encaja mejor contigo: principiante (empiezas o vuelves), intermedio (entrenas con regularidad) o avanzado (años entrenando)?',
      },
    },
    summary: (d) => `tu nivel es ${NIVEL[d.fitness_level]}`,
  },
  2: {
    question: '¿Cuáles son tus objetivos: perder grasa, ganar músculo o mejorar tu forma física? Puedes elegir más de uno.',
    options: [
      reply('perder grasa', 'Perder grasa'),
      reply('ganar músculo', 'Ganar músculo'),
      reply('estar en forma', 'Forma física general'),
    ],
    fields: { goals: { question: '¿Qué te gustaría conseguir sobre todo: perder grasa, ganar músculo o estar más en forma?' } },
    summary: (d) => {
      const goals = [...d.goals].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0)).map((g) => OBJETIVO[g.goal_type]);
      return goals.length === 1 ? `tu objetivo es ${goals.join('')}` : `tus objetivos son ${goals.join(', después ')}`;
    },
  },
  3: {
    question: '¿Con qué material puedes entrenar, y tienes alguna lesión o limitación que debamos tener en cuenta?',
    options: [
      reply('sin material, sin lesiones', 'Sin material, sin lesiones'),
      reply('mancuernas en casa, sin lesiones', 'Mancuernas en casa, sin lesiones'),
      reply('gimnasio completo, sin lesiones', 'Gimnasio completo, sin lesiones'),
    ],
    fields: {
      equipment: {
        question: '¿Qué material puedes usar? Si no tienes, di "sin material".',
        completions: [
          reply('sin material', 'Sin material'),
          reply('mancuernas', 'Mancuernas'),
          reply('gimnasio completo', 'Gimnasio completo'),
        ],
      },
    },
    summary: (d) =>
      [
        lista(d.equipment, 'sin material', 'material:'),
        lista(d.injuries, 'sin lesiones', 'lesiones:'),
        lista(d.limitations, 'sin limitaciones', 'limitaciones:'),
      ].join('; '),
  },
  4: {
    question:
      '¿Qué tipo de dieta sigues (omnívora, vegetariana, vegana, pescetariana, keto o paleo) y tienes alergias, intolerancias o alimentos que no te gustan?',
    options: [
      reply('como de todo, sin alergias', 'Como de todo'),
      reply('vegetariano, sin alergias', 'Vegetariana'),
      reply('vegano, sin alergias', 'Vegana'),
      reply('pescetariano, sin alergias', 'Pescetariana'),
      reply('keto, sin alergias', 'Keto'),
      reply('paleo, sin alergias', 'Paleo'),
    ],
    fields: {
      diet_type: {
        question: '¿Qué dieta encaja mejor contigo: omnívora, vegetariana, vegana, pescetariana, keto o paleo?',
        completions: [reply('como de todo', 'Omnívora'), reply('vegetariano', 'Vegetariana'), reply('vegano', 'Vegana')],
      },
    },
    summary: (d) =>
      [
        `dieta ${DIETA[d.diet_type]}`,
        lista(d.allergies, 'sin alergias', 'alergia a'),
        lista(d.intolerances, 'sin intolerancias', 'intolerancia a'),
        lista(d.dislikes, 'nada que evitar', 'evitas'),
      ].join(', '),
  },
  5: {
    question:
      '¿Qué objetivo de calorías diarias y qué reparto (proteínas/hidratos/grasas en %) quieres? Por ejemplo "2000 kcal, 30/40/30".',
    options: [reply('2000 kcal, 30/40/30'), reply('1800 kcal, 40/30/30'), reply('2500 kcal, 25/50/25')],
    fields: {
      daily_calorie_target: {
        question: '¿Cuántas calorías al día quieres? Entre 1000 y 5000 kcal.',
        completions: [reply('1800 kcal'), reply('2000 kcal'), reply('2500 kcal')],
      },
      protein_percentage: REPARTO,
      carbs_percentage: REPARTO,
      fats_percentage: REPARTO,
    },
    summary: (d) =>
      `${d.daily_calorie_target} kcal al día: ${d.protein_percentage}% proteínas, ${d.carbs_percentage}% hidratos y ${d.fats_percentage}% grasas`,
  },
  6: {
    question: '¿A qué hora sueles comer? Dime cada comida y su hora, por ejemplo "desayuno 8:00, comida 14:00, cena 21:00".',
    options: [
      reply('desayuno 8:00, comida 14:00, cena 21:00'),
      reply('desayuno 7:30, comida 13:30, cena 20:30'),
      reply('comida 14:00, cena 21:00'),
    ],
    fields: {
      meals: { question: '¿Qué comidas haces cada día y a qué hora?' },
      meal_name: { question: '¿A qué comida corresponde cada hora: desayuno, comida, cena o merienda?' },
      scheduled_time: { question: '¿A qué hora sueles hacer cada una de esas comidas? Por ejemplo "8:00" o "21:30".' },
    },
    summary: (d) => juntar(d.meals.map((m) => `${m.meal_name} a las ${m.scheduled_time}`)),
  },
  7: {
    question: '¿Qué días y a qué hora quieres entrenar? Por ejemplo "lunes, miércoles y viernes a las 19:00".',
    options: [
      reply('lunes, miércoles y viernes a las 19:00'),
      reply('martes y jueves a las 18:00'),
      reply('de lunes a viernes a las 7:00'),
      reply('sábado y domingo a las 10:00'),
    ],
    fields: {
      workouts: { question: '¿Qué días de la semana quieres entrenar y a qué hora?' },
      day_of_week: { question: '¿Qué días? Por ejemplo "lunes, miércoles y viernes" o "de lunes a viernes".' },
      scheduled_time: { question: '¿A qué hora? Por ejemplo "7:00" o "18:30".' },
    },
    summary: (d) => semanal(d.workouts),
  },
  8: {
    question: '¿Cuánta agua quieres beber al día y cada cuánto te aviso? Por ejemplo "2 litros, avísame cada hora" (o "sin avisos").',
    options: [reply('2 litros, avísame cada hora'), reply('2,5 litros, avísame cada 2 horas'), reply('2 litros, sin avisos')],
    fields: {
      daily_water_target_ml: {
        question: '¿Cuánta agua quieres beber al día? Por ejemplo "2 litros" o "1500 ml".',
        completions: [reply('2 litros'), reply('2,5 litros'), reply('3 litros')],
      },
      reminder_frequency_minutes: {
        question: '¿Cada cuánto quieres que te avise? Si no quieres avisos, di "sin avisos".',
        completions: [
          reply('avísame cada hora', 'Cada hora'),
          reply('avísame cada 2 horas', 'Cada 2 horas'),
          reply('sin avisos', 'Sin avisos'),
        ],
      },
    },
    summary: (d) =>
      `${agua(d.daily_water_target_ml)} de agua al día, ${d.reminders_enabled && d.reminder_frequency_minutes !== undefined ? `con aviso ${cada(d.reminder_frequency_minutes)}` : 'sin avisos'}`,
  },
  9: {
    question: 'Última pregunta: ¿tomas algún suplemento o te gustaría que te sugiriéramos alguno? Si no, di "no tomo suplementos".',
    options: [
      reply('no tomo suplementos', 'No tomo'),
      reply('tomo creatina', 'Tomo creatina'),
      reply('tomo proteína en polvo', 'Tomo proteína'),
      reply('me gustaría recomendaciones', 'Quiero sugerencias'),
    ],
    fields: { interested_in_supplements: { question: '¿Tomas algún suplemento o quieres sugerencias? Si no, di "no tomo suplementos".' } },
    summary: (d) => {
      const current = d.current_supplements ?? [];
      if (current.length > 0) return `tomas ${juntar(current)}`;
      return d.interested_in_supplements ? 'te gustaría recibir sugerencias de suplementos' : 'sin suplementos';
    },
  },
};

export const COPY_ES = {
  confirm: (summary: string): string => `Para confirmar: ${summary}. ¿Es correcto?`,
  confirmOptions: [reply('sí', 'Sí'), reply('no', 'No')] as readonly QuickReply[],
  rejected: 'Sin problema, vamos a intentarlo de nuevo.',
  notUnderstood: 'Perdona, no lo he entendido del todo.',
  partial: 'Gracias, ya casi está.',
  easier: 'O elige la opción más parecida a la tuya.',
  invalid: (error: string): string => `No puedo guardarlo: ${claro(schemaMessage(error, 'es'))}.`,
  saveFailed: 'Perdona, no he podido guardarlo ahora mismo.',
  saved: (summary: string): string => `Anotado: ${summary}.`,
  next: (state: StateNumber): string => `Ahora, ${stateText(state, 'es').name.toLowerCase()}.`,
  complete: 'Era el último paso: tu perfil está completo. ¡Todo listo!',
  welcome: '¡Hola! Vamos a preparar tu plan.',
  skipNotAllowed: (state: StateNumber): string =>
    `Este paso (${stateText(state, 'es').name.toLowerCase()}) es necesario para preparar tu plan; solo los suplementos se pueden saltar.`,
  recapNothing: 'Todavía no has guardado nada.',
  recap: (lines: readonly string[]): string => `Esto es lo que me has contado: ${lines.join('; ')}.`,
  editAsk: (state: StateNumber): string => `Claro, cambiemos ${stateText(state, 'es').name.toLowerCase()}.`,
  why: (state: StateNumber): string =>
    `Lo necesito para ${stateText(state, 'es').description.charAt(0).toLowerCase()}${stateText(state, 'es').description.slice(1)}`,
  example: 'Por ejemplo:',
} satisfies Copy;

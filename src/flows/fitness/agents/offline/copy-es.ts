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

/**
 * Stored values stay in canonical English (the API contract); what the user reads in Spanish
 * names them in Spanish. Keys are compared without case, spaces or hyphens ("pull-up bar",
 * "vitamin B12"); a word the user typed that is not a known value (a food, a rare supplement)
 * is shown as typed.
 */
const MATERIAL: Readonly<Record<string, string>> = {
  'pull up bar': 'barra de dominadas',
  'pullup bar': 'barra de dominadas',
  'chin up bar': 'barra de dominadas',
  'chinup bar': 'barra de dominadas',
  'ez curl bar': 'barra Z',
  'ez bar': 'barra Z',
  'weight bench': 'banco de pesas',
  bench: 'banco',
  'resistance bands': 'gomas elásticas',
  'resistance band': 'goma elástica',
  'elastic bands': 'gomas elásticas',
  bands: 'gomas elásticas',
  'exercise bike': 'bicicleta estática',
  'stationary bike': 'bicicleta estática',
  'spin bike': 'bicicleta de spinning',
  bike: 'bicicleta',
  'rowing machine': 'máquina de remo',
  rower: 'máquina de remo',
  'yoga mat': 'esterilla',
  mat: 'esterilla',
  'cable machine': 'máquina de poleas',
  cables: 'poleas',
  'squat rack': 'jaula de sentadillas',
  'power rack': 'jaula de potencia',
  rack: 'jaula',
  'full gym': 'gimnasio completo',
  'home gym': 'gimnasio en casa',
  'commercial gym': 'gimnasio comercial',
  'public gym': 'gimnasio público',
  gym: 'gimnasio',
  'gym membership': 'cuota de gimnasio',
  'jump rope': 'comba',
  'skipping rope': 'comba',
  trx: 'TRX',
  'suspension trainer': 'entrenador de suspensión',
  'medicine ball': 'balón medicinal',
  'med ball': 'balón medicinal',
  'foam roller': 'rodillo de espuma',
  elliptical: 'elíptica',
  'smith machine': 'máquina Smith',
  weights: 'pesas',
  'free weights': 'pesos libres',
  'weight plates': 'discos',
  plates: 'discos',
  stepper: 'stepper',
  'stair climber': 'escaladora',
  'battle ropes': 'cuerdas de batalla',
  sandbag: 'saco de arena',
  'swiss ball': 'fitball',
  'stability ball': 'fitball',
  'exercise ball': 'fitball',
  'bosu ball': 'bosu',
  'ab wheel': 'rueda abdominal',
  'dip station': 'estación de fondos',
  parallettes: 'paralelas',
  'parallel bars': 'barras paralelas',
  'dip bars': 'barras de fondos',
  'gymnastic rings': 'anillas',
  rings: 'anillas',
  machines: 'máquinas',
  'weight machines': 'máquinas de musculación',
  'ankle weights': 'tobilleras lastradas',
  'punching bag': 'saco de boxeo',
  'boxing bag': 'saco de boxeo',
  dumbbells: 'mancuernas',
  dumbbell: 'mancuerna',
  dumbells: 'mancuernas',
  dumbell: 'mancuerna',
  barbell: 'barra',
  barbells: 'barras',
  kettlebell: 'pesa rusa',
  kettlebells: 'pesas rusas',
  treadmill: 'cinta de correr',
};

/** Body parts with their gender, so a side agrees with them ("rodilla izquierda", "codo izquierdo"). */
const PARTES: Readonly<Record<string, readonly [string, 'f' | 'm']>> = {
  knee: ['rodilla', 'f'],
  knees: ['rodillas', 'f'],
  'knee cap': ['rótula', 'f'],
  kneecap: ['rótula', 'f'],
  back: ['espalda', 'f'],
  'lower back': ['zona lumbar', 'f'],
  'upper back': ['espalda alta', 'f'],
  'mid back': ['zona dorsal', 'f'],
  lumbar: ['zona lumbar', 'f'],
  shoulder: ['hombro', 'm'],
  shoulders: ['hombros', 'm'],
  'rotator cuff': ['manguito rotador', 'm'],
  ankle: ['tobillo', 'm'],
  ankles: ['tobillos', 'm'],
  wrist: ['muñeca', 'f'],
  wrists: ['muñecas', 'f'],
  elbow: ['codo', 'm'],
  elbows: ['codos', 'm'],
  hip: ['cadera', 'f'],
  hips: ['caderas', 'f'],
  'hip flexor': ['flexor de la cadera', 'm'],
  'hip flexors': ['flexores de la cadera', 'm'],
  neck: ['cuello', 'm'],
  hamstring: ['isquiotibial', 'm'],
  hamstrings: ['isquiotibiales', 'm'],
  achilles: ['tendón de Aquiles', 'm'],
  'achilles tendon': ['tendón de Aquiles', 'm'],
  acl: ['ligamento cruzado anterior', 'm'],
  mcl: ['ligamento lateral interno', 'm'],
  meniscus: ['menisco', 'm'],
  foot: ['pie', 'm'],
  feet: ['pies', 'm'],
  hand: ['mano', 'f'],
  hands: ['manos', 'f'],
  groin: ['ingle', 'f'],
  calf: ['gemelo', 'm'],
  calves: ['gemelos', 'm'],
  shin: ['espinilla', 'f'],
  shins: ['espinillas', 'f'],
  spine: ['columna', 'f'],
  disc: ['disco', 'm'],
  disk: ['disco', 'm'],
  quad: ['cuádriceps', 'm'],
  quads: ['cuádriceps', 'm'],
  'it band': ['cintilla iliotibial', 'f'],
  toe: ['dedo del pie', 'm'],
  toes: ['dedos del pie', 'm'],
  finger: ['dedo', 'm'],
  fingers: ['dedos', 'm'],
  ribs: ['costillas', 'f'],
  'pelvic floor': ['suelo pélvico', 'm'],
  'si joint': ['articulación sacroilíaca', 'f'],
  tailbone: ['coxis', 'm'],
  joint: ['articulación', 'f'],
  joints: ['articulaciones', 'f'],
  glute: ['glúteo', 'm'],
  glutes: ['glúteos', 'm'],
};

const DOLENCIAS: Readonly<Record<string, string>> = {
  'tennis elbow': 'codo de tenista',
  "golfer's elbow": 'codo de golfista',
  'shin splints': 'periostitis tibial',
  'plantar fasciitis': 'fascitis plantar',
  sciatica: 'ciática',
  scoliosis: 'escoliosis',
  'herniated disc': 'hernia discal',
  'herniated disk': 'hernia discal',
  'slipped disc': 'hernia discal',
  'slipped disk': 'hernia discal',
  'bulging disc': 'protrusión discal',
  'bulging disk': 'protrusión discal',
  arthritis: 'artritis',
  osteoarthritis: 'artrosis',
  tendinitis: 'tendinitis',
  tendonitis: 'tendinitis',
  'carpal tunnel': 'túnel carpiano',
  "runner's knee": 'rodilla de corredor',
  "jumper's knee": 'rodilla de saltador',
  'frozen shoulder': 'hombro congelado',
  whiplash: 'latigazo cervical',
  osteoporosis: 'osteoporosis',
  bursitis: 'bursitis',
  'torn acl': 'rotura del ligamento cruzado',
  'torn meniscus': 'rotura de menisco',
  'torn rotator cuff': 'rotura del manguito rotador',
  hernia: 'hernia',
  'celiac disease': 'celiaquía',
  'coeliac disease': 'celiaquía',
  celiac: 'celiaquía',
  coeliac: 'celiaquía',
  ibs: 'colon irritable',
};

const COMIDAS: Readonly<Record<string, string>> = {
  breakfast: 'desayuno',
  'second breakfast': 'almuerzo de media mañana',
  brunch: 'brunch',
  lunch: 'comida',
  dinner: 'cena',
  supper: 'cena',
  'evening meal': 'cena',
  snack: 'merienda',
  'morning snack': 'tentempié de la mañana',
  'mid morning snack': 'tentempié de media mañana',
  'afternoon snack': 'merienda',
  'evening snack': 'tentempié de la noche',
  'night snack': 'tentempié nocturno',
  'late night snack': 'tentempié nocturno',
  'bedtime snack': 'tentempié antes de dormir',
  'pre workout': 'comida antes de entrenar',
  'pre workout meal': 'comida antes de entrenar',
  'pre workout snack': 'tentempié antes de entrenar',
  'post workout': 'comida después de entrenar',
  'post workout meal': 'comida después de entrenar',
  'post workout shake': 'batido después de entrenar',
  'protein shake': 'batido de proteínas',
  shake: 'batido',
};

const SUPLEMENTOS: Readonly<Record<string, string>> = {
  creatine: 'creatina',
  'creatine monohydrate': 'creatina monohidrato',
  whey: 'proteína de suero',
  'whey protein': 'proteína de suero',
  'protein powder': 'proteína en polvo',
  'protein shake': 'batido de proteínas',
  'protein shakes': 'batidos de proteínas',
  protein: 'proteína',
  casein: 'caseína',
  multivitamin: 'multivitamínico',
  multivitamins: 'multivitamínicos',
  'multi vitamin': 'multivitamínico',
  'multi vitamins': 'multivitamínicos',
  vitamins: 'vitaminas',
  magnesium: 'magnesio',
  zinc: 'zinc',
  iron: 'hierro',
  calcium: 'calcio',
  potassium: 'potasio',
  'fish oil': 'aceite de pescado',
  'omega 3': 'omega 3',
  'omega 3 s': 'omega 3',
  omegas: 'omega 3',
  'cod liver oil': 'aceite de hígado de bacalao',
  bcaa: 'BCAA',
  bcaas: 'BCAA',
  eaa: 'EAA',
  eaas: 'EAA',
  'pre workout': 'pre-entreno',
  preworkout: 'pre-entreno',
  caffeine: 'cafeína',
  'caffeine pills': 'pastillas de cafeína',
  collagen: 'colágeno',
  ashwagandha: 'ashwagandha',
  melatonin: 'melatonina',
  electrolytes: 'electrolitos',
  'beta alanine': 'beta-alanina',
  glutamine: 'glutamina',
  probiotics: 'probióticos',
  probiotic: 'probiótico',
  turmeric: 'cúrcuma',
  curcumin: 'curcumina',
  spirulina: 'espirulina',
  biotin: 'biotina',
  'folic acid': 'ácido fólico',
  folate: 'folato',
  'l carnitine': 'L-carnitina',
  carnitine: 'carnitina',
  citrulline: 'citrulina',
  glucosamine: 'glucosamina',
  'green tea extract': 'extracto de té verde',
  'mass gainer': 'ganador de peso',
  'weight gainer': 'ganador de peso',
  zma: 'ZMA',
  hmb: 'HMB',
  'mct oil': 'aceite MCT',
  'coq 10': 'CoQ10',
  fiber: 'fibra',
  psyllium: 'psyllium',
  ginseng: 'ginseng',
  maca: 'maca',
  rhodiola: 'rhodiola',
  taurine: 'taurina',
  'nitric oxide': 'óxido nítrico',
};

/**
 * English words the Spanish rules put into the user's own words (spanish.ts reads "proteína" as
 * "protein", "30 minutos" as "30 minutes"), turned back for a free-text item.
 */
const RESTOS: Readonly<Record<string, string>> = {
  protein: 'proteína',
  carbs: 'hidratos',
  fat: 'grasa',
  calories: 'calorías',
  minutes: 'minutos',
  hours: 'horas',
  'days a week': 'días a la semana',
  'a day': 'al día',
  every: 'cada',
  liters: 'litros',
  kg: 'kg',
  vitamin: 'vitamina',
  'and a half': 'y media',
  and: 'y',
  or: 'o',
  no: 'sin',
  but: 'pero',
  also: 'también',
  either: 'tampoco',
  none: 'nada',
  'in the morning': 'por la mañana',
  'in the afternoon': 'por la tarde',
  'in the evening': 'por la noche',
  weekends: 'fines de semana',
  weekdays: 'entre semana',
};

/** Without case, spaces or hyphens: "Pull-up bar" and "pull up bar", "vitamin B12" and "vitamin b 12" are one key. */
const clave = (value: string): string => value.toLowerCase().replace(/[\s_-]+/g, '');
const indice = (table: Readonly<Record<string, string>>): ReadonlyMap<string, string> =>
  new Map(Object.entries(table).map(([en, es]) => [clave(en), es]));
const MATERIAL_ES = indice(MATERIAL);
const DOLENCIAS_ES = indice(DOLENCIAS);
const COMIDAS_ES = indice(COMIDAS);
const SUPLEMENTOS_ES = indice(SUPLEMENTOS);
const PARTES_ES = new Map(Object.entries(PARTES).map(([en, es]) => [clave(en), es]));
const RESTOS_EN = Object.keys(RESTOS).sort((a, b) => b.length - a.length);
const RESTO = new RegExp(`(?<![\\p{L}])(?:${RESTOS_EN.join('|')})(?![\\p{L}])`, 'giu');

/** A free-text item as typed, with the English words the Spanish rules put in it turned back. */
const libre = (item: string): string => item.replace(RESTO, (word) => RESTOS[word.toLowerCase()] ?? word);

/** "vitamin D" -> "vitamina D": a vitamin's letter stays. */
function suplemento(item: string): string {
  const known = SUPLEMENTOS_ES.get(clave(item));
  if (known !== undefined) return known;
  const vitamin = /^vitamins? (.+)$/i.exec(item);
  return vitamin === null ? libre(item) : `vitamina ${(vitamin[1] ?? '').toUpperCase()}`;
}

const LADOS: Readonly<Record<string, string>> = { left: 'lado izquierdo', right: 'lado derecho', both: 'ambos lados' };

/** "left knee" -> "rodilla izquierda", "both shoulders" -> "hombros (ambos lados)". */
function lesion(item: string): string {
  const named = DOLENCIAS_ES.get(clave(item));
  if (named !== undefined) return named;
  const [, side, rest = item] = /^(left|right|both) (.+)$/i.exec(item) ?? [];
  const part = PARTES_ES.get(clave(rest));
  const condition = DOLENCIAS_ES.get(clave(rest));
  if (part === undefined && condition !== undefined) return `${condition} (${LADOS[side?.toLowerCase() ?? ''] ?? ''})`;
  if (part === undefined) return libre(item);
  const [name, gender] = part;
  const plural = name.endsWith('s');
  const ending = (gender === 'f' ? 'a' : 'o') + (plural ? 's' : '');
  if (side?.toLowerCase() === 'left') return `${name} izquierd${ending}`;
  if (side?.toLowerCase() === 'right') return `${name} derech${ending}`;
  if (side?.toLowerCase() === 'both') return `${name} (ambos lados)`;
  return name;
}

const material = (item: string): string => MATERIAL_ES.get(clave(item)) ?? libre(item);
const comida = (name: string): string => COMIDAS_ES.get(clave(name)) ?? libre(name);
const alimento = (item: string): string => DOLENCIAS_ES.get(clave(item)) ?? libre(item);

/** Every value a Spanish summary names, by field, for the test that walks them. */
export const SPANISH_NAMES = { material, lesion, comida, suplemento, alimento, libre } as const;

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
        lista(d.equipment.map(material), 'sin material', 'material:'),
        lista(d.injuries.map(lesion), 'sin lesiones', 'lesiones:'),
        lista(d.limitations.map(libre), 'sin limitaciones', 'limitaciones:'),
        ...(d.target_weight_kg === undefined ? [] : [`un peso objetivo de ${String(d.target_weight_kg).replace('.', ',')} kg`]),
        ...(d.target_body_fat_percentage === undefined
          ? []
          : [`una grasa corporal objetivo del ${String(d.target_body_fat_percentage).replace('.', ',')}%`]),
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
        lista(d.allergies.map(alimento), 'sin alergias', 'alergia a'),
        lista(d.intolerances.map(alimento), 'sin intolerancias', 'intolerancia a'),
        lista(d.dislikes.map(alimento), 'nada que evitar', 'evitas'),
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
    summary: (d) => juntar(d.meals.map((m) => `${comida(m.meal_name)} a las ${m.scheduled_time}`)),
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
      if (current.length > 0) return `tomas ${juntar(current.map(suplemento))}`;
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

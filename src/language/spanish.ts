/**
 * Spanish answers read through the same extractors as English ones. Rather than keep a second
 * copy of every table, Spanish cue words are rewritten into the English cue words the tables
 * already know ("alérgica al" -> "allergic to", "a las 9 y media" -> "at 9:30", "los sábados" ->
 * "on saturdays"), while the user's own nouns stay as written: "alérgica al marisco" saves
 * "marisco". Rules only touch words that are Spanish, so an English answer passes unchanged.
 *
 * Matching ignores accents ("sabado", "sábado") because people type on phones without them.
 */

import { wordsOfPattern } from './patterns.js';

/**
 * Accents off (ñ kept): people type "sabado" as often as "sábado". Applied to the patterns and
 * to the Spanish text alike, so the rules are written once.
 */
function fold(text: string): string {
  return text
    .replace(/[áàäâ]/g, 'a')
    .replace(/[éèëê]/g, 'e')
    .replace(/[íìïî]/g, 'i')
    .replace(/[óòöô]/g, 'o')
    .replace(/[úùüû]/g, 'u');
}
const loose = fold;

/** Accents off as the rules see them: a word compared with the Spanish vocabulary is folded first. */
export const foldAccents = fold;

type Rule = readonly [RegExp, string | ((...groups: string[]) => string)];

/** Whole words only: a letter may not touch either end of the match. */
const rule = (source: string, to: Rule[1]): Rule => [new RegExp(`(?<![\\p{L}\\d])(?:${loose(source)})(?![\\p{L}])`, 'gu'), to];

const UNIT_VALUES: Readonly<Record<string, number>> = {
  uno: 1,
  un: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
};
const TEN_VALUES: Readonly<Record<string, number>> = {
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
};
/** "veintitrés" -> 23: twenty and a unit written as one word. */
const VEINTI: Readonly<Record<string, number>> = {
  veintiuno: 21,
  veintiun: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
};

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  uno: 'one',
  una: 'one',
  un: 'one',
  dos: 'two',
  tres: 'three',
  cuatro: 'four',
  cinco: 'five',
  seis: 'six',
  siete: 'seven',
  ocho: 'eight',
  nueve: 'nine',
  diez: 'ten',
  doce: 'twelve',
  trece: 'thirteen',
  catorce: 'fourteen',
  quince: 'fifteen',
  dieciseis: 'sixteen',
  diecisiete: 'seventeen',
  dieciocho: 'eighteen',
  diecinueve: 'nineteen',
  veinte: 'twenty',
  veinticinco: 'twenty five',
  treinta: 'thirty',
  cuarenta: 'forty',
  cincuenta: 'fifty',
  sesenta: 'sixty',
  setenta: 'seventy',
  ochenta: 'eighty',
  noventa: 'ninety',
  cien: 'one hundred',
  ciento: 'one hundred',
  doscientos: 'two hundred',
  doscientas: 'two hundred',
  trescientos: 'three hundred',
  trescientas: 'three hundred',
  cuatrocientos: 'four hundred',
  cuatrocientas: 'four hundred',
  quinientos: 'five hundred',
  quinientas: 'five hundred',
  seiscientos: 'six hundred',
  seiscientas: 'six hundred',
  setecientos: 'seven hundred',
  setecientas: 'seven hundred',
  ochocientos: 'eight hundred',
  ochocientas: 'eight hundred',
  novecientos: 'nine hundred',
  novecientas: 'nine hundred',
  mil: 'thousand',
};

const HOURS: Readonly<Record<string, number>> = {
  una: 1,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
};
const HOUR_WORDS = Object.keys(HOURS).join('|');
const hourOf = (raw: string): number => HOURS[raw] ?? Number(raw);

const DAYS: ReadonlyArray<readonly [string, string]> = [
  // Written out or cut to three letters, as calendars do ("lun mié vie").
  ['lunes|lun', 'monday'],
  ['martes|mar', 'tuesday'],
  ['miércoles|mié|mier', 'wednesday'],
  ['jueves|jue', 'thursday'],
  ['viernes|vie', 'friday'],
  ['sábados?|sáb', 'saturday'],
  ['domingos?|dom', 'sunday'],
];

const BODY_PARTS: ReadonlyArray<readonly [string, string]> = [
  ['rodillas?', 'knee'],
  ['tobillos?', 'ankle'],
  ['espalda baja|zona lumbar|lumbares|lumbar', 'lower back'],
  ['espalda', 'back'],
  ['hombros?', 'shoulder'],
  ['muñecas?', 'wrist'],
  ['codos?', 'elbow'],
  ['caderas?', 'hip'],
  ['cuello|cervicales', 'neck'],
  ['pies', 'foot'],
  ['manos?', 'hand'],
  ['isquios?|isquiotibiales', 'hamstring'],
  ['gemelos?', 'calf'],
];
const PARTS = BODY_PARTS.map(([es]) => es).join('|');
const partOf = (raw: string): string => BODY_PARTS.find(([es]) => new RegExp(`^(?:${loose(es)})$`, 'u').test(raw))?.[1] ?? raw;
const sideOf = (raw: string): string => (/^iz/.test(raw) ? 'left ' : /^de/.test(raw) ? 'right ' : '');

/** L M X J V S D: X is Wednesday, M Tuesday. */
const LETTER_DAYS: Readonly<Record<string, string>> = {
  l: 'monday',
  m: 'tuesday',
  x: 'wednesday',
  j: 'thursday',
  v: 'friday',
  s: 'saturday',
  d: 'sunday',
};

const DAY_NAMES = DAYS.map(([es]) => es).join('|');
const dayOf = (raw: string): string => DAYS.find(([es]) => new RegExp(`^(?:${loose(es)})$`, 'u').test(raw))?.[1] ?? raw;

/**
 * What a group of rules is about. A state corrects typos toward the words of the topics it reads
 * (a word of the meal rules is no typo target in the equipment state), as English answers are
 * corrected toward the state's own tables.
 */
export type Topic =
  | 'numbers'
  | 'times'
  | 'reminders'
  | 'amounts'
  | 'days'
  | 'level'
  | 'goals'
  | 'constraints'
  | 'diet'
  | 'meals'
  | 'supplements'
  | 'doubt'
  | 'function';

/** Ordered: longer, more specific phrases first; each section serves the states that read its topic. */
const SECTIONS: ReadonlyArray<readonly [Topic, readonly Rule[]]> = [
  [
    'numbers',
    [
      // Numbers made of two words: "cuarenta y cinco" is 45, not 40 and 5; "veintitrés" is 23.
      rule(`(${Object.keys(TEN_VALUES).join('|')}) y (${Object.keys(UNIT_VALUES).join('|')})`, (_m, ten = '', unit = '') =>
        String((TEN_VALUES[ten] ?? 0) + (UNIT_VALUES[unit] ?? 0)),
      ),
      rule(Object.keys(VEINTI).join('|'), (word = '') => String(VEINTI[word] ?? word)),
    ],
  ],
  [
    'times',
    [
      // Times: "a las 9 y media", "a las 8 menos cuarto", "a la una", "de la tarde".
      rule(`(?:a|sobre|hacia|para) las? (\\d{1,2}|${HOUR_WORDS}) y media`, (_m, h = '') => `at ${hourOf(h)}:30`),
      rule(`(?:a|sobre|hacia|para) las? (\\d{1,2}|${HOUR_WORDS}) y cuarto`, (_m, h = '') => `at ${hourOf(h)}:15`),
      rule(`(?:a|sobre|hacia|para) las? (\\d{1,2}|${HOUR_WORDS}) menos cuarto`, (_m, h = '') => `at ${(hourOf(h) + 11) % 12 || 12}:45`),
      rule(`(?:a|sobre|hacia|para) las? (\\d{1,2}|${HOUR_WORDS})(?= |$|,|\\.|;|:)`, (_m, h = '') => `at ${hourOf(h)}`),
      rule(`(?:a eso de|sobre|hacia|a) las?(?= (?:\\d|${HOUR_WORDS}))`, 'at'),
      rule('en punto', ''),
      rule('de la mañana|por la mañana|por las mañanas|de mañana', 'in the morning'),
      rule('de la tarde|por la tarde|por las tardes', 'in the afternoon'),
      rule('de la noche|por la noche|por las noches', 'in the evening'),
      rule('mediodía|medio día', 'midday'),
      rule('medianoche', 'midnight'),
    ],
  ],
  [
    'reminders',
    [
      // Opt-outs before the words they contain.
      rule(
        '(?:y )?(?:no (?:quiero|necesito|hace falta) que me (?:avises|recuerdes|mandes \\p{L}+)(?: de nada| nada)?|no me (?:avises|recuerdes|mandes (?:avisos|notificaciones|nada))(?: de nada| nada)?|sin (?:recordatorios|avisos|notificaciones|alertas)|no quiero (?:recordatorios|avisos|notificaciones|alertas)|nada de (?:recordatorios|avisos|notificaciones|alertas)|no hace falta que me (?:avises|recuerdes)|no necesito (?:recordatorios|avisos|notificaciones))',
        ' no reminders',
      ),
    ],
  ],
  [
    'amounts',
    [
      // Amounts and units.
      // "40 de proteína": the figure belongs to the macro that follows.
      [new RegExp(`(?<=\\d%?) de (?=${loose('proteínas?|carbohidratos|hidratos|carbos|grasas?')})`, 'gu'), ' '],
      rule('litro y medio', '1.5 liters'),
      rule(
        '(\\d+|dos|tres|cuatro) litros y medio',
        (_m, n = '') =>
          `${(NUMBER_WORDS[n] === undefined ? Number(n) : (({ dos: 2, tres: 3, cuatro: 4 } as Record<string, number>)[n] ?? 0)) + 0.5} liters`,
      ),
      rule('medio litro', 'half a liter'),
      rule('litros?', 'liters'),
      rule('mililitros?', 'ml'),
      rule('vasos?', 'glasses'),
      rule('botellas?', 'bottles'),
      rule('tazas?', 'cups'),
      rule('cada hora y media', 'every hour and a half'),
      rule('cada (\\d+|dos|tres|cuatro) horas y media', (_m, n = '') => `every ${NUMBER_WORDS[n] ?? n} and a half hours`),
      rule('cada media hora', 'every half hour'),
      rule('cada día', 'every day'),
      rule('cada hora', 'every hour'),
      rule('cada', 'every'),
      rule('horas?', 'hours'),
      rule('minutos?', 'minutes'),
      rule(
        '(?:avísame|recuérdame|avisame|recuerdame)(?:lo|la|los|las)?|que me avises|que me recuerdes|me avises|avisarme|recordarme|recordatorios?|avisos?',
        'remind me',
      ),
      rule('al día|por día|diarios?|diarias?|a diario', 'a day'),
      rule('kilos?|kilogramos?', 'kg'),
      rule('libras', 'lbs'),
      rule('calorías|calorias', 'calories'),
      rule('proteínas?(?! en polvo| (?:de )?(?:whey|suero))', 'protein'),
      rule('carbohidratos|hidratos(?: de carbono)?|carbos', 'carbs'),
      rule('el resto(?: de)?|lo (?:demás|que queda|restante)', 'the rest'),
    ],
  ],
  [
    'days',
    [
      // Days.
      rule('de lunes a viernes|entre semana|días laborables|días de diario', 'weekdays'),
      rule('fines de semana|fin de semana|finde', 'weekends'),
      rule('todos los días|todos los dias', 'every day'),
      // "de lunes a miércoles" is a range; "todos los días menos el domingo" an exception.
      rule(
        `(?:de |desde el |desde )?(?:los |el )?(${DAY_NAMES}) (?:a|al|hasta el|hasta) (?:los |el )?(${DAY_NAMES})`,
        (_m, first = '', last = '') => `${dayOf(first)} to ${dayOf(last)}`,
      ),
      rule(`(?:menos|excepto|salvo|quitando)(?= (?:los |el )?(?:${DAY_NAMES}))`, 'except'),
      ...DAYS.map(([es, en]) => rule(`(?:los |el )?(?:${es})\\.?`, `on ${en}`)),
      // The one-letter days of a Spanish calendar, two or more in a list: "L, X y V", "L-M-V".
      [
        /(?<![\p{L}\d])[lmxjvsd](?:(?: ?[,/-] ?| y | )[lmxjvsd])+(?![\p{L}\d])/gu,
        (list: string) => (list.match(/[lmxjvsd]/g) ?? []).map((letter) => `on ${LETTER_DAYS[letter] ?? letter}`).join(' and '),
      ],
      rule('días a la semana|veces a la semana|veces por semana|días por semana|dias a la semana', 'days a week'),
    ],
  ],
  [
    'level',
    [
      // Level. "tampoco avanzada" is "not advanced either": the "tampoco" negates the level after it.
      rule('(?:pero )?tampoco(?: soy| estoy)?(?= (?:avanzad|principiante|intermedi|expert|novat))', 'but not'),
      rule(
        '(?:estoy|soy) (?:empezando|principiante|novat[oa]|nuev[oa](?: en esto)?)|empezando|principiante|novat[oa]|recién empiezo|empiezo de cero|desde cero|nunca he (?:entrenado|hecho ejercicio|hecho deporte)|no he entrenado nunca',
        'beginner',
      ),
      rule('nivel medio|intermedi[oa]|ni principiante ni avanzado', 'intermediate'),
      rule('avanzad[oa]|expert[oa]|much[oa] experiencia', 'advanced'),
      rule('en baja forma|fuera de forma|no estoy en forma|sedentari[oa]', 'out of shape'),
      rule('más o menos|(?:soy|estoy|nivel) regular|normalito', 'average'),
    ],
  ],
  [
    'goals',
    [
      // Goals.
      rule('primero', 'first'),
      rule('luego|después|despues|y después', 'then'),
      rule('sobre todo|principalmente|más que nada|lo principal es|lo más importante es', 'mainly'),
      rule(
        '(?:perder|bajar|quitarme|quemar|reducir) (?:algo de |un poco de |unos |algunos |mucha |la )?(?:peso|grasa|kilos|kg|barriga|tripa|panza|michelines)|adelgazar|bajar de peso|perder peso',
        'lose weight',
      ),
      rule(
        '(?:ganar|aumentar|coger|hacer) (?:algo de |un poco de |más )?(?:músculo|musculo|masa(?: muscular)?|fuerza|volumen)|(?:ponerme|estar|ser|sentirme) (?:más |muy |bien )?(?:fuerte|grande|cachas|mazad[oa]|mazad[ií]sim[oa]|mamad[oa]|mamad[ií]sim[oa])|muscularme|musculación|hipertrofia|(?:más )?(?:músculo|masa muscular)|(?<!(?:perder|bajar|reducir|quitar|quitarme) )(?:(?:hacer|etapa de|fase de) )?volumen',
        'build muscle',
      ),
      rule(
        '(?:estar|ponerme|mantenerme|estar más) en forma|salud general|(?:estar|sentirme|ser|vivir|llevar una vida) (?:más )?(?:san[oa]s?|saludables?)|(?:vida|más) saludable|más sal[uú]d|mejorar (?:mi )?(?:salud|resistencia|condición física|forma física)|forma física|sentirme mejor|tener más energía|resistencia',
        'general fitness',
      ),
      rule('definir|tonificar', 'tone up'),
      rule('grasas?', 'fat'),
      // Said before the thing ("no me interesa adelgazar") it negates what follows; after it, what came before.
      rule('no me interesan?(?= (?!nada(?![\\p{L}]))\\p{L})', "don't want"),
      rule('no es lo mío|no es lo mio|no me interesan?|no es para mí', 'is not my thing'),
    ],
  ],
  [
    'constraints',
    [
      // Equipment and injuries.
      rule('sin (?:material|equipo|equipamiento|nada)|nada de material|no tengo (?:material|equipo|nada)', 'no equipment'),
      rule('peso corporal|con mi peso|solo mi cuerpo', 'bodyweight'),
      rule('barra de dominadas', 'pull-up bar'),
      rule('mancuernas?', 'dumbbells'),
      rule('pesas rusas?', 'kettlebell'),
      rule('pesas', 'weights'),
      rule('bancos?', 'bench'),
      rule('paralelas|barras paralelas', 'parallel bars'),
      // In a park or with parallel bars, "barra" is the bar to pull up on, not a barbell.
      rule(
        'barras?(?=[^.;]*(?:paralelas|parallel bars|calistenia|parque))|(?<=(?:calistenia|parque|paralelas|parallel bars)[^.;]*)barras?',
        'pull-up bar',
      ),
      rule('barras?', 'barbell'),
      rule('discos?(?: de peso)?', 'plates'),
      rule('gomas(?: elásticas)?|bandas(?: elásticas| de resistencia)?', 'resistance bands'),
      rule('esterilla', 'yoga mat'),
      rule('bici(?:cleta)? estática', 'exercise bike'),
      rule('cinta de correr', 'treadmill'),
      rule('comba', 'jump rope'),
      rule('gimnasio(?: completo)?|gimnasio del barrio', 'full gym'),
      rule('en casa', 'at home'),
      rule('en el parque|al aire libre', 'at the park'),
      rule('en el garaje|en la cochera', 'in the garage'),
      rule('sin lesiones|ninguna lesión|no tengo (?:ninguna )?lesi[oó]n(?:es)?|nada de lesiones', 'no injuries'),
      rule('sin limitaciones|ninguna limitación', 'no limitations'),
      // A target weight: "quiero llegar a 70 kilos", "bajar a 65".
      rule('(?:llegar|volver) a(?= \\d)', 'get to'),
      rule('bajar (?:a|hasta)(?= \\d)', 'get down to'),
      rule('y con', ','),
      rule(
        `(?:el |la |mi )?(${PARTS})(?: (izquierd[oa]|derech[oa]))? (?:mal|fastidiad[oa]|lesionad[oa]|jodid[oa]|tocad[oa])`,
        (_m, part = '', side = '') => `bad ${sideOf(side)}${partOf(part)}`,
      ),
      rule(
        `(?:tengo )?(?:mal|fastidiad[oa]|lesionad[oa]|tocad[oa]|jodid[oa]) (?:el |la |los |las |mi |mis )?(${PARTS})(?: (izquierd[oa]|derech[oa]))?`,
        (_m, part = '', side = '') => `bad ${sideOf(side)}${partOf(part)}`,
      ),
      rule(
        `(?:me duele|me duelen|dolor de|dolor en|molestias en|lesión (?:de|en)) (?:el |la |los |las |mi |mis )?(${PARTS})(?: (izquierd[oa]|derech[oa]))?`,
        (_m, part = '', side = '') => `${sideOf(side)}${partOf(part)} pain`,
      ),
      rule(`(?:el |la |mi )?(${PARTS}) (izquierd[oa]|derech[oa])`, (_m, part = '', side = '') => `${sideOf(side)}${partOf(part)}`),
      rule(`(?:el |la |mi )?(${PARTS})`, (_m, part = '') => partOf(part)),
      rule('lesiones', 'injuries'),
      rule('lesionad[oa]|lesión|lesion', 'injury'),
      rule('roto|rota|fracturad[oa]', 'broken'),
    ],
  ],
  [
    'diet',
    [
      // Diet. "como de todo menos (el) hígado", "excepto las setas": the exception is a dislike.
      rule('(?<=todo,? )(?:menos|quitando)(?: el| la| los| las)?|(?:excepto|salvo)(?: el| la| los| las)?', 'except'),
      rule(
        'no sigo ninguna dieta|ninguna dieta(?: especial)?|sin dieta|como de todo|omnívor[oa]|dieta normal|normal y corriente',
        'no special diet',
      ),
      // "sin lactosa" on its own is how a lactose intolerance is said, as "lactose-free" is.
      rule('sin (lactosa|gluten)', (_m, food = '') => `${food} free`),
      rule('celíac[oa]', 'celiac'),
      rule('vegetarian[oa]', 'vegetarian'),
      rule('vegan[oa]', 'vegan'),
      rule('pescetarian[oa]|pescatarian[oa]|ovolactovegetarian[oa] con pescado', 'pescatarian'),
      rule('cetogénica|ceto|keto', 'keto'),
      rule('paleo', 'paleo'),
      rule('sin alergias?|ninguna alergia|no tengo alergias|no soy alérgic[oa] a nada|alergias ninguna|ni alergias', 'no allergies'),
      rule('sin intolerancias?|ninguna intolerancia|no tengo intolerancias', 'no intolerances'),
      rule('(?:soy )?alérgic[oa] (?:a los|a las|al|a la|a)|alergia (?:a los|a las|al|a la|a)|alergias? al?', 'allergic to'),
      rule('(?:soy )?intolerante (?:a los|a las|al|a la|a)|intolerancia (?:a los|a las|al|a la|a)', 'intolerant to'),
      // "no como carne pero sí pescado": no meat, but fish.
      rule('no como carne(?:,)? (?:pero |aunque )?(?:s[ií] )?(?:como )?pescado', 'pescatarian'),
      // "lo único que no me gusta es la berenjena": what follows "es" is the food.
      rule('lo (?:único )?que (?:no me gusta(?:n)?|odio|no soporto|no como) (?:es|son)(?: el| la| los| las)?', 'i dislike'),
      rule('(?:no me gusta(?:n)?(?: nada)?|odio|no soporto|no como)(?: el| la| los| las)?', 'i dislike'),
      rule('nada de', 'no'),
    ],
  ],
  [
    'meals',
    [
      // Meals. "desayuno como a las 10": right after a meal, "como" is "around", not "I eat".
      rule('(?<=(?:desayuno|ceno|almuerzo|meriendo|cena|comida|merienda) )como(?= at)', 'around'),
      rule('(?:a )?media mañana', 'mid-morning snack'),
      rule('desayuno|desayunar|desayuna', 'breakfast'),
      rule('almuerzo|almorzar|comida|comer|como(?= at)', 'lunch'),
      rule('cena|ceno|cenar', 'dinner'),
      rule('merienda|meriendo|merendar|tentempié|picoteo', 'snack'),
    ],
  ],
  [
    'supplements',
    [
      // Supplements.
      rule(
        'no tomo (?:ningún |ninguno|nada)(?: suplemento(?:s)?)?|ningún suplemento|sin suplementos|nada de suplementos|no tomo suplementos',
        'no supplements',
      ),
      rule(
        '(?:me gustar(?:í|i)a|quiero|me interesar(?:í|i)an?|me interesan?) (?:que me recomendaras|que me recomiendes|(?:unas |algunas )?(?:recomendaciones|sugerencias|consejos))(?: de suplementos)?|recomiéndame(?: algo)?|me interesan? (?:los )?suplementos',
        "i'd like supplement recommendations",
      ),
      rule('tomo|estoy tomando', 'i take'),
      // "paso" on its own, "paso de suplementos": I pass.
      rule('^paso(?: de (?:los )?suplementos)?$|paso de suplementos', 'pass'),
      rule('creatina', 'creatine'),
      rule('proteína en polvo|batidos de proteína|batido de proteína', 'protein powder'),
      // The adjective after the noun, as Spanish puts it: "proteína whey" is whey protein.
      rule('proteínas? (?:de )?(?:whey|suero)(?: de leche)?', 'whey protein'),
      rule('magnesio', 'magnesium'),
      rule('vitamina', 'vitamin'),
      rule('hierro', 'iron'),
      rule('colágeno', 'collagen'),
      rule('multivitamínicos?|multivitaminas?', 'multivitamin'),
      rule('cafeína', 'caffeine'),
      rule('melatonina', 'melatonin'),
      rule('suplementos?', 'supplements'),
    ],
  ],
  [
    'doubt',
    [
      // Doubt, as the English hedges say it.
      rule('no (?:lo )?sé(?: muy bien)?|no estoy segur[oa]|ni idea', 'not sure'),
      rule('quizás?|tal vez|a lo mejor|puede que', 'maybe'),
    ],
  ],
  [
    'function',
    [
      // Function words last, once the phrases that contain them have been read.
      rule('(?<=\\d) mil', '000'),
      rule('(?:y )?medio', 'and a half'),
      rule('ni', 'or'),
      rule('pero', 'but'),
      rule('tampoco', 'either'),
      rule('también', 'also'),
      rule('ningun[oa]?|ningún|nada', 'none'),
      rule('sin', 'no'),
      rule('y', 'and'),
      rule("o(?!['’ ]?clock)", 'or'),
      rule('no quiero', "don't want"),
    ],
  ],
];

const RULES: readonly Rule[] = SECTIONS.flatMap(([, rules]) => rules);

/** "mil ochocientas" is one thousand eight hundred: "mil" with no number before it is one thousand. */
const LONE_THOUSAND: Rule = [
  new RegExp(
    `(?<!(?:\\d|(?<![\\p{L}])(?:${Object.keys(NUMBER_WORDS)
      .filter((word) => word !== 'mil')
      .join('|')}))[ \\t]+)(?<![\\p{L}\\d])mil(?![\\p{L}])`,
    'gu',
  ),
  'one thousand',
];

const NUMBER_RULE: Rule = [
  new RegExp(`(?<![\\p{L}])(${Object.keys(NUMBER_WORDS).join('|')})(?![\\p{L}])`, 'gu'),
  (word: string) => NUMBER_WORDS[word] ?? word,
];

/** A cheap look for Spanish: a word only Spanish has, or a Spanish letter. */
const SPANISH_MARKERS =
  /[ñ¿¡áéíóú]|(?<![\p{L}])(?:el|la|los|las|del|que|y|sin|soy|estoy|tengo|tomo|quiero|mis|una|por|para|muy|pero|nada|dias?|semana|hora|horas|litros?|cada|desayuno|cena|ceno|lunes|martes|jueves|viernes|sabados?|domingos?|nunca|empezando|mancuernas|vasos|avisame|creatina|magnesio|ninguno|ninguna|hola|holi|buenas|buenos|gracias|ayuda|resumen|cambiar|saltar|porfa|vale)(?![\p{L}])/iu;

export function looksSpanish(message: string): boolean {
  return SPANISH_MARKERS.test(message);
}

/** "1.800 kcal": three digits after the separator, then a unit of energy, volume or grams. */
const THOUSANDS_BEFORE_UNIT =
  /(?<![\d.,])(\d{1,3})[.,](\d{3})(?=\s?(?:kcals?|cals?|calor[ií]as?|calories|ml|mililitros?|milliliters?|millilitres?|g|gr|grs|gramos?|grams?)(?![\p{L}]))/gu;

/** The message with Spanish cue words in English (lower case); English text is unchanged. */
export function spanishToCues(message: string): string {
  // "2,5 litros" is 2.5; "2,000" keeps its thousands separator. Before an amount's unit, a dot
  // or comma followed by exactly three digits separates thousands, as Spanish writes them:
  // "1.800 calorías", "2.500 kcal" and "1.500 ml" are 1800, 2500 and 1500.
  const lower = message
    .toLowerCase()
    .replace(THOUSANDS_BEFORE_UNIT, '$1$2')
    .replace(/(\d),(\d{1,2})(?!\d)/g, '$1.$2');
  // Every rule reads a word only Spanish uses, so English text passes through unchanged.
  let text = fold(lower);
  for (const [pattern, to] of RULES) {
    text = typeof to === 'string' ? text.replace(pattern, to) : text.replace(pattern, (...args: string[]) => to(...args));
  }
  text = text.replace(LONE_THOUSAND[0], 'one thousand');
  const [numbers, words] = NUMBER_RULE;
  if (typeof words !== 'string') text = text.replace(numbers, (word: string) => words(word));
  return text.replace(/\s+/g, ' ').trim();
}

const topicWords = new Map<Topic, ReadonlySet<string>>();

/** The words the rules of one topic read, accents off ("numbers" includes the number words). */
function wordsOf(topic: Topic): ReadonlySet<string> {
  let words = topicWords.get(topic);
  if (words === undefined) {
    const found = new Set<string>();
    for (const [section, rules] of SECTIONS) {
      if (section !== topic) continue;
      for (const [pattern] of rules) for (const word of wordsOfPattern(pattern.source)) found.add(word);
    }
    if (topic === 'numbers') for (const word of Object.keys(NUMBER_WORDS)) found.add(word);
    words = found;
    topicWords.set(topic, words);
  }
  return words;
}

/**
 * The Spanish words the rules of these topics read: the vocabulary a Spanish typo is corrected
 * toward ("adelgasar" -> "adelgazar", "mancuernass" -> "mancuernas"). Read from the rules
 * themselves, so a word added to a rule is known here too.
 */
export function spanishVocabulary(...topics: readonly Topic[]): ReadonlySet<string> {
  const words = new Set<string>();
  for (const topic of topics) for (const word of wordsOf(topic)) words.add(word);
  return words;
}

/**
 * What a Spanish word means on its own, as the rules read it: "vegetariana" and "vegetariano"
 * both mean "vegetarian", so a typo between them is no doubt about the meaning. A word the rules
 * read only inside a phrase ("masa") means itself.
 */
export function spanishMeaning(word: string): string {
  return spanishToCues(word);
}

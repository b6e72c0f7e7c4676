/**
 * Reads what kind of answer the user gave where the guided flow asked for a goal. Offline and
 * deterministic; it works on stems and folded words so conjugations, attached pronouns
 * ("desquitarme", "humillarla"), missing accents and small typos read the same. Pure.
 */
import { fold, words } from '../../../language/normalize.js';
import { inLexicon, lexicon, tokenize, type Lexicon, type Token } from '../../../language/stem.js';

export type GoalKind = 'harmful' | 'distressed' | 'vague' | 'unrealistic' | 'off_topic' | 'clear';
/** What a harmful goal would harm: other people, someone's privacy, the law, or the user. */
export type HarmKind = 'others' | 'privacy' | 'illegal' | 'self_harm' | 'starving';
export const DOMAINS = [
  'study',
  'running',
  'fitness',
  'languages',
  'reading',
  'sleep',
  'work',
  'money',
  'social',
  'creative',
  'health',
  'other',
] as const;
export type Domain = (typeof DOMAINS)[number];

export interface GoalClassification {
  kind: GoalKind;
  /** Set when kind is 'harmful'. */
  harm?: HarmKind;
  /** The area the goal belongs to; 'other' when none is recognised. */
  domain: Domain;
  /** Whether the answer states something the user wants (used to restate it). */
  intent: boolean;
}

// ---------------------------------------------------------------------------------------------
// Word lists. Entries are folded (no accents). "word" = same stem, "prefix*", "=exact word".

const lex = (...entries: string[]): Lexicon => lexicon(entries);

/** Always aimed at hurting someone, whatever follows. */
const REVENGE = lex(
  '=vengar', 'vengarm*', 'vengars*', 'vengarl*', 'venganz*', '=vengare', '=vengue', '=venguen', '=vengandome',
  'desquit*', 'revenge*', 'vengeance', 'avenge*', 'retaliat*', 'represali*', 'humill*', 'humiliat*', 'humilat*',
  'ridiculiz*', 'difam*', 'calumni*', 'defam*', 'slander*', 'chantaj*', 'blackmail*', 'extorsion*', 'extort*',
  'tortur*', 'asesin*', 'murder*', 'sabotag*', 'secuestr*', 'kidnap*', '=matar', '=matarle', '=matarla',
  '=matarlo', '=matarlos', '=matarlas', '=cargarmelo', '=cargarmela', 'envenen*', '=poison', 'poisoning',
  '=bomba', '=bombas', '=bomb', '=bombs', 'explosiv*', 'terroris*', '=violar', '=violarla', '=rape',
  'apunal*', '=stab', '=stabbing', 'tirote*', 'bully*', 'bullie*', 'harass*', 'intimidat*', 'threaten*',
  'rumor*', 'rumour*', 'bulo*', 'acosar*', '=acoso', 'acosador*', '=acosando', '=acosa', 'arrepient*',
);
/** Hostile only with someone as the object ("pegarle", "pegar a", "hurt him"). */
const HOSTILE = lex(
  'pegar', 'golpe*', 'fastidi*', '=joder', 'joderl*', 'arruin*', 'destroz*', 'destru*', '=hundir', 'hundirl*',
  'machac*', 'pute*', 'amarg*', '=danar', 'danarl*', 'insult*', 'amenaz*', 'intimid*', 'asust*', 'avergonz*',
  'exponer*', 'castig*', 'revent*', 'partirl*', 'romperl*', 'burl*', 'hurt', 'ruin', 'destroy', 'embarrass',
  'punish', '=hit', '=beat', '=punch', '=slap', 'expos*', 'scare', 'frighten', 'attack', 'shoot', 'kill',
  'sufrir', '=sufra', '=sufran', '=pague', '=paguen', '=llore', '=suffer', '=cry', '=regret', '=pay',
);
const OTHER_PERSON = lex(
  '=a', '=al', '=su', '=sus', '=le', '=les', '=him', '=her', '=them', '=his', '=their', '=someone', '=somebody',
  '=people', '=others', '=everyone', '=ex', '=exs', '=boss', '=bosss', '=coworker', '=coworkers', '=colleague',
  '=neighbor', '=neighbour', '=sister', '=brother', '=teacher', '=classmate', '=friend', '=girlfriend',
  '=boyfriend', '=wife', '=husband', '=partner', '=roommate', '=someones', '=alguien', '=nadie', '=guy', '=girl',
  '=man', '=woman', '=kid', '=person', '=tio', '=tia', '=chaval', '=chavala', '=tipo', '=tipa',
);
/** Words that turn a hostile word into a safe goal ("stop being bullied", "protegerme de un acosador"). */
const SAFE_CONTEXT = lex(
  '=dejar', '=quit', '=quitting', '=stop', '=stopping', 'super*', 'overcom*', 'recover*', 'rehab*', 'desintox*',
  'evit*', 'avoid*', 'preven*', 'etic*', 'ethical', 'ciberseguridad', 'cybersecurity', 'proteg*', 'protect*',
  'adiccion*', 'addict*', 'sobri*', 'sober*', 'deal', 'cope', 'coping', 'afront*', 'defend*', 'report*',
  'denunci*', 'victim*', '=sufro', '=suffering', 'lifehack*', '=growth', 'olvid*', 'perdon*', 'forgiv*',
  'let', '=pasar', 'manag*', 'gestion*', 'control*', 'calm*',
);
const NEGATION = lex('=no', '=not', '=dont', '=never', '=nunca', '=sin', '=without', '=ni', '=nor', '=wont');

const PRIVACY_STRONG = lex(
  '=espiar', 'espiarl*', '=espiarle', '=espio', '=espia', '=espiando', '=spy', 'spying', 'stalk*', 'dox*',
  'snoop*', 'cotill*', 'fisgo*', 'hackear*', '=hack', '=hacking', '=hacked', '=hackeo', 'piratear',
);
const ACCESS = lex(
  'entrar', 'acced*', 'leer', 'ver', 'mir*', 'revis*', 'sac*', 'averigu*', 'consegu*', 'rob*', 'hack*',
  'saber', 'descubr*', 'rastre*', 'localiz*', 'vigil*', 'control*', 'access*', 'read', 'see', 'check', 'get',
  'find', 'break', 'crack*', 'track*', 'monitor*', 'steal', 'guess', 'look', 'log', 'spy', 'into', 'show',
);
const PRIVATE_THING = lex(
  'contrasen*', '=clave', 'password*', '=pass', '=pin', '=cuenta', '=account', '=accounts', 'movil*',
  'celular*', 'telefono*', 'phone*', 'mensaj*', 'messag*', '=texts', '=chats', '=dms', 'whatsapp*', 'correo*',
  'email*', '=mail', 'insta*', 'facebook', 'tiktok', 'snap*', '=redes', 'ubicacion', '=location', 'direccion',
  '=address', '=vive', '=lives', 'historial', '=history', 'conversacion*', 'conversation*', 'fotos', 'photos',
  'nudes', '=dni', '=casa', '=house', '=home',
);
const OWNER = lex(
  '=su', '=sus', '=ex', '=exs', 'novi*', '=pareja', '=mujer', '=marido', 'espos*', 'jef*', 'vecin*', 'companer*',
  '=compi', 'herman*', 'amig*', '=alguien', '=him', '=her', '=his', '=their', '=someone', '=somebody',
  '=someones', 'girlfriend*', 'boyfriend*', '=wife', '=wifes', '=husband', '=husbands', '=partner', '=partners',
  '=boss', '=bosss', 'neighbo*', 'coworker*', 'colleague*', '=friend', '=friends', '=friends', '=sister',
  '=brother', '=crush', '=crushs', '=he', '=she', '=ella', '=el', '=quien', '=who',
);

const ILLEGAL_STRONG = lex(
  '=robar', 'robarl*', '=robo', '=robos', '=robando', '=atracar', '=atraco', 'steal*', '=stole', '=stolen',
  'shoplift*', '=hurtar', 'fraud*', 'fraude*', 'estaf*', '=scam', '=scamming', '=scammer', 'launder*',
  'falsific*', 'falsif*', 'counterfeit*', 'soborn*', 'brib*', 'contraband*', 'smuggl*', '=traficar',
  'traficando', 'narcotrafic*', 'traffick*', 'vandal*', 'saque*', '=burglar', 'burglariz*', 'looting',
);
const DRUGS = lex(
  '=droga', '=drogas', '=drug', '=drugs', 'cocain*', '=coca', 'heroin*', '=meth', 'metanfetamin*', 'fentanyl',
  'fentanilo', '=crack', 'porro*', '=weed', 'marihuan*', 'marijuan*', 'mdma', 'extasis', 'drogarm*',
  '=colocarme', '=pastillas', '=perico',
);
const WEAPONS = lex('=arma', '=armas', '=gun', '=guns', 'pistol*', 'rifle*', 'escopet*', '=firearm', '=firearms');
const LEGAL_CONTEXT = lex('licencia', 'licence', 'license', 'deportiv*', '=sport', 'caza', 'hunting', '=club', '=legal', 'legalmente', 'legally');

const SELF_HARM_PHRASES = [
  String.raw`suicid\w*`, 'matarme', 'quitarme la vida', 'acabar con (?:mi vida|todo)', 'hacerme (?:dano|danyo)',
  String.raw`autolesi\w*`, String.raw`cortarme (?:las venas|los brazos|las munecas|otra vez|de nuevo)`,
  'no quiero (?:vivir|seguir viviendo|seguir|estar aqui|existir)', String.raw`quiero morir\w*`, 'dejar de existir',
  'desaparecer para siempre', String.raw`tirarme (?:de|por|desde) \w+`, 'sobredosis', 'kill myself',
  'end my life', 'end it all', String.raw`(?:hurt|harm|cut) myself`, String.raw`self ?harm\w*`, 'selfharm',
  '(?:want|wanna) to die', 'wanna die', 'dont want to (?:live|be alive|be here|exist|wake up)',
  'not (?:be|being) here anymore', 'overdose', 'jump off',
];
const STARVING_PHRASES = [
  'dejar de comer', 'no comer(?: nada)?', 'comer nada', 'sin comer', 'pasar hambre', 'matarme de hambre',
  String.raw`ayun\w* (?:\d+|dos|tres|cuatro|cinco|varios|una semana|un mes)`, 'solo (?:beber )?agua',
  String.raw`vomit\w*`, 'provocarme el vomito', 'laxantes', 'saltarme (?:todas )?las comidas', String.raw`starv\w*`,
  'stop eating', 'quit eating', String.raw`not eat(?:ing)?(?: anything| at all| for)`, 'eat nothing',
  'skip (?:all|every) meals?', 'only (?:drink )?water', String.raw`purg\w*`, 'throw up', 'laxatives',
  String.raw`anorex\w*`, 'pro ana', String.raw`bulimi\w*`, 'no probar bocado',
];
const DISTRESS = lex(
  'agobi*', 'estresad*', '=estres', '=estresa', '=estresante', 'ansiedad', 'ansios*', 'angusti*', 'trist*',
  'deprimid*', 'depresi*', '=depre', 'desanim*', 'desmotiv*', 'hundid*', 'agotad*', 'quemad*', 'desesper*',
  '=llorar', '=lloro', '=llorando', 'sufriendo', '=duelo', 'panico', 'overwhelm*', 'stressed', '=stress',
  'anxious', 'anxiety', '=sad', 'sadness', 'depress*', 'lonely', 'loneliness', 'hopeless*', 'worthless',
  'burnout', 'exhausted', 'miserable', 'crying', 'struggling', 'grief', 'griev*', 'heartbroken', 'panic',
  'desolad*', 'solitud', 'abrumad*', 'bajon', 'fatal', 'harto', 'harta', 'burnt', 'burned',
);
const DISTRESS_PHRASES = [
  String.raw`me siento (?:mal|fatal|sol[oa]|perdid[oa]|vaci[oa]|inutil|fatal|sin ganas|bajo|baja|fracasad[oa]|una mierda|como una mierda|invisible|atrapad[oa])`,
  String.raw`estoy (?:mal|fatal|hech[oa] polvo|cansad[oa] de todo|perdid[oa]|muy cansad[oa]|sol[oa]|baj[oa] de animo|fatal)`,
  'no puedo mas', 'no tengo ganas de nada', 'sin ganas de nada', 'todo me sale mal', 'lo estoy pasando mal',
  'lo paso (?:muy )?mal', 'mala racha', 'me ha dejado', 'me dejo', String.raw`(?:ha|han) (?:muerto|fallecido)`,
  String.raw`(?:murio|fallecio)`, 'no se que hacer con mi vida', 'no aguanto', 'tirar la toalla', 'rendirme',
  String.raw`feel(?:ing)? (?:so |really |very |pretty )?(?:low|down|lost|empty|alone|hopeless|worthless|terrible|awful|bad|like a failure|like shit|numb|stuck|trapped|invisible)`,
  String.raw`(?:cant|cannot) (?:cope|take it|take this|handle|deal|do this|go on)`, 'falling apart',
  String.raw`not (?:ok|okay|doing (?:well|great|good))`, 'hard time', String.raw`rough (?:time|patch|few)`,
  'too much', String.raw`giv(?:e|ing) up`, 'passed away', 'died', 'broke up', 'dumped me', 'broken heart',
  'corazon roto', String.raw`burn(?:t|ed)? out`, 'tired of everything', 'tired all the time', 'no energy',
  'sin energia', 'no me apetece nada', 'bajo de animo', 'baja de animo', 'everything feels',
];

const VAGUE_PHRASES = [
  'no se', 'nose', 'ni idea', 'ni puta idea', 'lo que sea', 'cualquier cosa', 'no lo tengo claro',
  String.raw`no estoy segur[oa]`, 'ya vere', 'no tengo (?:ni idea|objetivo|ninguno|claro)', 'nada en (?:especial|concreto|particular)',
  'no idea', 'idk', 'dunno', 'dont know', 'not sure', 'whatever', 'anything', 'no clue', 'havent decided',
  'nothing (?:in particular|really|special)', 'i guess', 'supongo', 'ni se',
];
/** Words that carry no goal of their own: "ser feliz", "improve", "cosas". */
const GENERIC = new Set([
  'no', 'se', 'sabe', 'idea', 'ni', 'nada', 'cosas', 'cosa', 'algo', 'mejorar', 'mejor', 'mejores', 'cambiar',
  'cambio', 'cambios', 'todo', 'feliz', 'felices', 'bien', 'vida', 'nose', 'sea', 'cualquier', 'progresar',
  'avanzar', 'crecer', 'general', 'persona', 'supongo', 'verdad', 'buf', 'buff', 'pues', 'bueno', 'hmm', 'mmm',
  'eh', 'em', 'don', 'dont', 'know', 'dunno', 'idk', 'not', 'sure', 'nothing', 'stuff', 'things', 'thing',
  'something', 'improve', 'better', 'change', 'everything', 'anything', 'happy', 'happier', 'life', 'whatever',
  'good', 'progress', 'grow', 'person', 'general', 'guess', 'tbh', 'honestly', 'just', 'idea', 'clue', 'lo',
  'ya', 'vere', 'tal', 'vez', 'quizas', 'quiza', 'igual', 'estar', 'ser', 'sentirme', 'feel', 'bien', 'ok',
  'okay', 'vale', 'cosilla', 'cosillas', 'etc', 'whatever', 'probably', 'maybe', 'be', 'am', 'estado', 'animo',
]);
const FILLER = new Set([
  'quiero', 'quisiera', 'me', 'gustaria', 'mi', 'mis', 'yo', 'el', 'la', 'los', 'las', 'un', 'una', 'de', 'del',
  'en', 'y', 'o', 'a', 'al', 'mas', 'muy', 'mucho', 'poco', 'hacer', 'tener', 'que', 'con', 'para', 'por', 'es',
  'i', 'want', 'to', 'would', 'like', 'd', 'id', 'my', 'the', 'an', 'a', 'of', 'and', 'or', 'in', 'on', 'get',
  'do', 'more', 'some', 'well', 'really', 'very', 'myself', 'bit', 'lot', 'objetivo', 'goal', 'meta', 't', 's',
  'm', 'im', 'wanna', 'is', 'it', 'en', 'general', 'un', 'poco', 'so', 'lol', 'jaja', 'jeje', 'xd',
]);

const OFF_TOPIC_PHRASES = [
  String.raw`ignor\w* (?:all |the |las |todas las |tus |your )?(?:previous|prior|above|anteriores|instrucciones|instructions)`,
  'system prompt', 'prompt del sistema', String.raw`olvida (?:las |tus |todas )?\w* ?instrucciones`, 'jailbreak',
  'developer mode', 'you are now', 'ahora eres', 'act as', 'actua como', String.raw`chistes?`, String.raw`jokes?`,
  'weather', 'que tiempo hace', 'el clima', 'quien eres', 'who are you', 'eres (?:un|una) (?:bot|robot|ia|humano|persona)',
  'are you (?:a |an )?(?:bot|robot|ai|human|real)', 'que hora es', 'what time is it', 'recommend a (?:good )?(?:movie|film|song|show|series)',
  'recomiendas? una (?:peli|pelicula|serie|cancion)', 'this app', 'esta app', 'receta', 'recipe',
];
const GREETING_WORDS =
  String.raw`(?:hola|hello|hi|hey|buenas|buenos dias|buenas tardes|test|testing|prueba|asdf\w*|ok|okay|vale|ja(?:ja)+|je(?:je)+|(?:ha)+|lol|xd|gracias|thanks|thank you|que tal|como estas|how are you|sup|yo)`;
// Accents are kept here: "como" (I eat) and "que" (that) do not open a question, "cómo" and "qué" do.
const QUESTION_START =
  /^(?:qué|q|cómo|cuál|cuáles|cuándo|dónde|quién|por qué|puedes|podrías|sabes|me recomiendas|recomiéndame|what|how|why|when|where|who|which|can you|could you|would you|do you|are you|is it|is there|tell me|dime|cuéntame|cuentame|explícame|explain)(?![\p{L}\p{N}])/u;

const INTENT_PHRASES = [
  'quiero', 'quisiera', 'gustaria', 'mi objetivo', 'mi meta', 'mi proposito', 'necesito', 'voy a', 'planeo',
  'intentar', 'tratar de', 'conseguir', 'lograr', 'pretendo', 'me propongo', 'ojala', 'mi sueno',
  'i want', 'i wanna', 'wanna', 'id like', 'i would like', 'my goal', 'i need', 'i plan', 'i hope', 'im going to',
  'gonna', 'trying to', 'i aim', 'i wish', 'aim to', 'goal is', 'objetivo es', 'meta es', 'hoping to',
];
const EN_GOAL_VERBS = new Set([
  'learn', 'run', 'read', 'sleep', 'save', 'get', 'be', 'lose', 'find', 'start', 'stop', 'quit', 'write', 'improve',
  'make', 'build', 'go', 'eat', 'drink', 'finish', 'pass', 'meet', 'travel', 'speak', 'play', 'practice',
  'practise', 'become', 'have', 'spend', 'study', 'work', 'train', 'do', 'keep', 'cut', 'reduce', 'increase',
  'gain', 'grow', 'launch', 'open', 'change', 'move', 'buy', 'pay', 'organise', 'organize', 'manage', 'focus',
  'wake', 'paint', 'draw', 'sing', 'cook', 'swim', 'walk', 'exercise', 'land', 'earn', 'ask', 'apply', 'feel',
  'stay', 'drop', 'complete', 'create', 'publish', 'record', 'join', 'visit', 'take', 'try', 'fix', 'clean',
  'declutter', 'call', 'spend', 'limit', 'set', 'hit', 'reach', 'bench', 'squat', 'lift', 'master', 'understand',
]);
const MORE_LESS = new Set(['more', 'less', 'fewer', 'better', 'mas', 'menos', 'mejor', 'mejores']);

const DOMAIN_LEXICONS: ReadonlyArray<readonly [Domain, Lexicon]> = [
  ['study', lex('estudi*', 'examen*', '=exam', '=exams', 'oposicion*', 'oposit*', '=opos', 'selectividad', '=ebau', '=evau', 'universidad', '=uni', 'asignatur*', '=notas', 'aprob*', 'suspend*', 'tesis', '=tfg', '=tfm', 'master', 'deberes', 'carrera', 'study', 'studying', 'exam*', '=test', '=tests', 'grade*', 'degree', 'college', 'school', 'homework', 'thesis', '=pass', 'finals', '=gpa', '=sat', 'class', 'classes', 'course', 'curso*', 'bachiller*', 'instituto', 'matematic*', '=mates', '=math', '=maths', 'physics', 'quimica', 'chemistry', 'biolog*', 'historia', 'university', 'diploma', 'certific*')],
  ['running', lex('correr', 'corr*', 'runn*', '=run', '=runs', 'maraton*', 'marathon*', '=5k', '=10k', '=21k', '=42k', '=5km', '=10km', 'trail', 'jog*', 'trot*', 'carrera*', '=km', '=kms', 'kilometr*', 'ultramarat*', 'media maraton', 'half')],
  ['fitness', lex('gym', 'gimnasio', '=gimnas', '=gimnasi', 'entren*', 'pesas', '=weights', 'musculo', 'muscul*', 'muscle*', 'fuerza', 'strength', '=forma', '=fit', 'fitness', '=shape', 'abdominal*', '=abs', 'adelgaz*', '=peso', 'weight', '=kilos', '=kg', '=kgs', '=lbs', '=pounds', 'flexibil*', 'yoga', 'pilates', 'nadar', 'swim*', 'natacion', '=bici', 'cycl*', 'crossfit', 'sentadill*', 'flexion*', 'dominad*', 'pull', 'push', 'deporte*', 'ejercicio*', 'exercis*', 'workout*', 'train', 'training', 'tonific*', 'bench', 'squat*', 'deadlift', '=lift', 'lifting', 'cardio', 'bulk*', 'lean', 'toned', 'delgad*', 'michelin*', 'barriga', 'belly', 'grasa', '=fat')],
  ['languages', lex('ingles', 'english', 'frances', 'french', 'aleman', 'german', 'chino', 'chinese', 'mandarin', 'japones', 'japanese', 'italiano', 'italian', 'portugues', 'portuguese', 'idioma*', 'languag*', 'spanish', 'espanol', 'castellano', 'coreano', 'korean', 'arabe', 'arabic', 'ruso', 'russian', 'fluent*', 'fluid*', 'duolingo', '=b1', '=b2', '=c1', '=c2', 'bilingu*', 'catalan', 'euskera', 'gallego', 'dutch', 'holandes', 'sueco', 'swedish', 'hindi', 'signos', 'sign')],
  ['reading', lex('=leer', '=leerme', '=leo', '=leyendo', 'lectur*', '=libro', '=libros', 'novel*', '=read', '=reading', '=reader', '=book', '=books', '=kindle', 'pagin*', '=pages', 'audiolibro*', 'audiobook*', 'biblioteca', 'library', 'goodreads', 'lector*')],
  ['sleep', lex('dormir', '=duermo', '=dormirme', '=sueno', 'insomni*', 'descans*', 'acost*', 'madrug*', 'despert*', 'siesta', '=cama', 'sleep*', '=slept', 'insomnia', '=bed', 'bedtime', '=wake', '=waking', '=rest', 'rested', '=nap', '=naps', 'midnight', 'medianoche', '=noche', '=night', '=nights', 'horas de sueno')],
  ['work', lex('trabaj*', 'empleo*', 'curro', 'curr*', 'ascen*', 'jef*', 'entrevist*', '=cv', 'curricul*', 'linkedin', 'profesion*', 'productiv*', 'emprend*', 'negocio*', 'empresa*', 'startup*', 'client*', 'freelanc*', 'autonom*', '=job', '=jobs', '=work', '=working', 'career', 'promot*', 'promotion', 'interview*', 'resume', '=boss', 'productivity', 'business*', 'office', 'oficina', 'salary', 'sueldo', 'salario', '=raise', 'senior', 'junior', '=dev', 'developer', 'program*', 'programm*', 'coding', '=code', 'proyecto*', 'project*', 'equipo', '=team', 'meetings', 'reuniones', 'deadline*', 'procrastin*', 'portfolio', 'portafolio')],
  ['money', lex('ahorr*', 'dinero', '=pasta', 'deuda*', 'presupuest*', 'gast*', 'invert*', 'inversion*', 'finanz*', 'hipoteca', 'sav*', 'money', 'debt*', 'budget*', 'invest*', 'financ*', 'expens*', '=euros', '=dolares', '=dollars', '=pesos', '=eur', '=usd', 'credit', 'credito', 'tarjeta', 'loan*', 'prestamo*', 'fondo', '=fund', 'jubil*', 'retire*', 'pension', 'cripto*', 'crypto*', 'bolsa', 'stocks', 'ingreso*', 'income')],
  ['social', lex('amig*', 'amistad*', 'gente', 'social*', 'relacion*', 'pareja', '=novia', '=novio', 'familia*', 'hijos', '=hija', '=hijo', 'timid*', 'verguenza', 'citas', '=ligar', 'friend*', 'people', 'relationship*', 'partner', 'family', 'kids', 'children', '=shy', 'shyness', 'dating', '=date', 'confidence', 'confianza', 'conoc*', 'meet', 'comunic*', 'communicat*', 'escuchar', 'listen*', 'padres', 'parents', 'madre', 'padre', '=mom', '=mum', '=dad', 'herman*', 'sibling*', 'public', 'publico', 'vecin*', 'neighbo*', 'comunidad', 'community', 'voluntari*', 'volunteer*')],
  ['creative', lex('dibuj*', 'pintar*', '=pinto', '=pintando', 'pintur*', '=escribir', 'escrib*', 'poesi*', 'poema*', 'guitarr*', 'piano', 'music*', 'cant*', 'instrument*', '=tocar', 'fotograf*', 'compon*', 'bail*', 'manualidad*', 'ceramic*', 'tej*', 'draw*', 'paint*', 'writ*', 'novel', 'poetry', 'poem*', 'guitar*', 'sing*', 'photo*', 'compos*', 'danc*', 'craft*', 'knit*', 'blog*', 'youtub*', 'podcast*', '=film', 'filmmak*', 'video*', 'canvas', 'lienzo', 'sketch*', 'ukulele', 'violin*', 'bateria', 'drums', 'cuento*', 'story', 'stories', 'comic*', 'artist*', 'artistic*', '=arte', '=art', 'disen*', 'design*', 'cocin*', 'cook*', 'baking', 'reposter*')],
  ['health', lex('=droga', '=drogas', '=drugs', 'adiccion*', 'addict*', 'salud*', 'sano', 'sana', 'saludabl*', 'aliment*', 'dieta', 'fumar', 'tabaco', 'cigarr*', 'alcohol', 'beber', 'azucar', 'verdur*', 'fruta*', '=agua', 'medic*', 'tension', 'meditar', 'meditacion', 'mindfulness', 'health*', 'diet', 'smok*', 'sugar', 'veg*', 'veggies', 'fruit*', '=water', 'doctor', 'meditat*', 'cholesterol', 'colesterol', 'blood', 'vap*', 'comer', '=como', '=eat', '=eating', 'nutri*', 'hidrat*', 'hydrat*', 'cafe', 'coffee', 'caffeine', 'cafeina', 'pantallas', 'screen*', 'movil', 'phone', 'respir*', 'breath*', 'terapia', 'therapy', 'psicolog*', 'estres', 'stress', 'ansiedad', 'anxiety', 'postur*', 'espalda', 'back')],
];

// ---------------------------------------------------------------------------------------------
// Matching helpers.

const phrases = (list: readonly string[]): RegExp => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${list.join('|')})(?![\p{L}\p{N}])`, 'u');

const SELF_HARM_RE = phrases(SELF_HARM_PHRASES);
const STARVING_RE = phrases(STARVING_PHRASES);
const DISTRESS_RE = phrases(DISTRESS_PHRASES);
const VAGUE_RE = phrases(VAGUE_PHRASES);
const OFF_TOPIC_RE = phrases(OFF_TOPIC_PHRASES);
const GREETING_ONLY_RE = new RegExp(`^${GREETING_WORDS}(?: ${GREETING_WORDS})*$`, 'u');
const INTENT_RE = phrases(INTENT_PHRASES);
const HAIRCUT_RE = /cortarme (?:el pelo|la melena|el flequillo|las unas|la barba)/u;
const LOW_CALORIES_RE = /(?<!\d)(\d{2,4}) ?(?:kcal|calorias|calories|cal)(?![\p{L}])/u;
const RECOVERY_RE = phrases(['dejar de (?:vomitar|purgarme|darme atracones)', 'recuper\\w*', 'recover\\w*', 'superar', 'overcome', 'tratamiento', 'treatment', 'stop (?:purging|throwing up|binging)']);
const WITHOUT_CONSENT_RE = phrases([
  'sin que (?:se entere|lo sepa|la sepa|sepa|me vea|nadie lo sepa)', 'sin su (?:permiso|consentimiento)',
  'without (?:him|her|them|anyone|my \\w+) (?:knowing|noticing|finding out)', 'without (?:his|her|their) (?:consent|permission|knowledge)',
  'sin licencia', 'without a (?:licence|license)', 'sin carnet', 'sin pagar', 'without paying', 'conducir (?:borracho|bebido|borracha|bebida)',
  'drunk driving', 'drive drunk', 'evadir impuestos', 'no pagar impuestos', 'tax evasion', 'evade taxes', 'dodge taxes',
  'blanquear dinero', 'lavar dinero', 'fake id', 'carnet falso', 'dni falso', 'trampas? en el examen', 'copiar en (?:el|los) examen\\w*',
  'cheat on (?:my |the |a )?(?:exam|test|taxes|finals)', 'mercado negro', 'black market', 'deep web', 'dark web',
  'hacer(?:le|la|les)? la vida imposible', 'make (?:his|her|their) life (?:hell|miserable|a living hell)',
  '(?:get|make) even', 'get back at', 'hacer(?:le|la|les|los)? pagar', 'hacer(?:le|la|les|los) (?:sufrir|llorar|dano)',
  'make (?:him|her|them|my \\w+) (?:pay|suffer|cry|regret)', 'beat (?:\\w+ )?up', 'beat the (?:shit|crap) out', 'pay (?:him|her|them) back', 'payback', 'teach (?:him|her|them) a lesson',
  'dar(?:le|les)? una (?:leccion|paliza)', 'dejar(?:le|la|lo|les)? en (?:ridiculo|evidencia)', 'poner(?:le|la|lo|les)? en ridiculo',
  'get (?:him|her|them|my \\w+) (?:fired|arrested|expelled|dumped|kicked out)', 'que (?:le|la|lo|les) (?:despidan|echen)',
  '(?:screw|mess) (?:with |over )?(?:him|her|them)', 'spread (?:lies|rumou?rs)', 'lies about', 'mentiras sobre',
  'hablar mal de', 'meterme con', 'reirme de', 'se arrepienta', 'lo pague', 'la pague', 'me las pague', 'me la pague',
  'key (?:his|her|their) car', 'slash (?:his|her|their) tires', 'ponerle los cuernos', 'cheat on (?:my )?(?:partner|girlfriend|boyfriend|wife|husband)',
]);
const PRIVACY_PHRASE_RE = phrases([
  'con quien habla', 'who (?:she|he) (?:talks|texts|is talking|is texting)', 'donde vive', 'where (?:she|he|my \\w+) lives',
  'grabar(?:la|le|los|las)? sin', 'record (?:her|him|them) without', 'fotos (?:intimas|privadas|desnud\\w*)',
  '(?:private|intimate|nude) (?:photos|pics|pictures)', 'show up (?:at|there)', 'presentarme en su casa',
]);

function hits(tokens: readonly Token[], lexi: Lexicon): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    if (inLexicon(t, lexi)) out.push(i);
  });
  return out;
}
const any = (tokens: readonly Token[], lexi: Lexicon): boolean => tokens.some((t) => inLexicon(t, lexi));
const near = (tokens: readonly Token[], i: number, lexi: Lexicon, before: number, after: number): boolean => {
  for (let j = Math.max(0, i - before); j <= Math.min(tokens.length - 1, i + after); j++) {
    if (j !== i && inLexicon(tokens[j] as Token, lexi)) return true;
  }
  return false;
};
/** A Spanish infinitive or gerund with an object pronoun attached: "pegarle", "humillarla". */
const OBJECT_CLITIC = /(?:ar|er|ir|ando|iendo)(?:se)?(?:le|la|lo|les|las|los)$/u;
/** A first-person pronoun attached: "acosarme" is about the user as the target, not the actor. */
const SELF_CLITIC = /(?:ar|er|ir|ando|iendo)(?:me)$/u;

function harmOf(text: string, tokens: readonly Token[]): HarmKind | null {
  if (SELF_HARM_RE.test(text) && !HAIRCUT_RE.test(text)) return 'self_harm';
  const calories = LOW_CALORIES_RE.exec(text);
  if ((STARVING_RE.test(text) && !RECOVERY_RE.test(text)) || (calories !== null && Number(calories[1]) < 1000)) {
    return 'starving';
  }

  const safe = any(tokens, SAFE_CONTEXT);
  for (const i of hits(tokens, REVENGE)) {
    const t = tokens[i] as Token;
    // "que dejen de humillarme", "stop being bullied": the user is the one harmed.
    const victim = SELF_CLITIC.test(t.word) && !/^(?:beng|deskit)/u.test(t.sound);
    if (victim || (safe && /bull|harass|acos|rumo|intimid|threat/u.test(t.word))) continue;
    if (near(tokens, i, NEGATION, 2, 0) && !/^(?:veng|desquit|revenge)/u.test(t.word)) continue;
    return 'others';
  }
  for (const i of hits(tokens, HOSTILE)) {
    const t = tokens[i] as Token;
    if (SELF_CLITIC.test(t.word) || near(tokens, i, NEGATION, 2, 0)) continue;
    const targeted = OBJECT_CLITIC.test(t.word) || near(tokens, i, OTHER_PERSON, 2, 3);
    if (targeted && !(safe && !OBJECT_CLITIC.test(t.word))) return 'others';
  }
  if (WITHOUT_CONSENT_RE.test(text)) return /licen|carnet|pagar|paying|borrach|bebid|drunk|impuest|tax|blanque|lavar|fake|falso|examen|exam|test|negro|black|web/u.test(text) ? 'illegal' : 'others';

  if (PRIVACY_PHRASE_RE.test(text)) return 'privacy';
  for (const i of hits(tokens, PRIVACY_STRONG)) {
    if (near(tokens, i, NEGATION, 2, 0)) continue;
    if (!safe || any(tokens, OWNER)) return 'privacy';
  }
  const owners = any(tokens, OWNER);
  if (owners) {
    for (const i of hits(tokens, ACCESS)) {
      if (near(tokens, i, PRIVATE_THING, 1, 6) && !safe) return 'privacy';
    }
  }

  for (const i of hits(tokens, ILLEGAL_STRONG)) {
    if (near(tokens, i, NEGATION, 2, 0) || (safe && /scam|estaf|fraud/u.test((tokens[i] as Token).word))) continue;
    return 'illegal';
  }
  if (any(tokens, DRUGS) && !safe) return 'illegal';
  if (any(tokens, WEAPONS) && !any(tokens, LEGAL_CONTEXT)) return 'illegal';
  return null;
}

// --- unrealistic timelines -------------------------------------------------------------------

const NUMBER_WORDS: Record<string, number> = {
  un: 1, una: 1, uno: 1, a: 1, an: 1, one: 1, dos: 2, two: 2, tres: 3, three: 3, cuatro: 4, four: 4, cinco: 5,
  five: 5, seis: 6, six: 6, siete: 7, seven: 7, ocho: 8, eight: 8, nueve: 9, nine: 9, diez: 10, ten: 10,
  doce: 12, twelve: 12, quince: 15, fifteen: 15, veinte: 20, twenty: 20, treinta: 30, thirty: 30,
  cuarenta: 40, forty: 40, cincuenta: 50, fifty: 50, cien: 100, hundred: 100,
};
const UNIT_DAYS: Record<string, number> = {
  hora: 1 / 24, horas: 1 / 24, hour: 1 / 24, hours: 1 / 24, dia: 1, dias: 1, day: 1, days: 1, semana: 7,
  semanas: 7, week: 7, weeks: 7, finde: 7, mes: 30, meses: 30, month: 30, months: 30, ano: 365, anos: 365,
  year: 365, years: 365,
};
const NAMED_SPANS: Record<string, number> = {
  manana: 1, tomorrow: 1, hoy: 1, today: 1, tonight: 1, 'esta noche': 1, 'pasado manana': 2, overnight: 1,
  'de la noche a la manana': 1, 'esta semana': 7, 'this week': 7, 'el finde': 7, 'este finde': 7,
  'this weekend': 7, 'next weekend': 14, weekend: 7, 'la semana que viene': 14, 'la proxima semana': 14,
  'next week': 14, 'este mes': 30, 'this month': 30, 'fin de mes': 30, 'end of the month': 30,
  'el mes que viene': 60, 'next month': 60, 'el proximo mes': 60, 'este ano': 365, 'this year': 365,
  lunes: 7, martes: 7, miercoles: 7, jueves: 7, viernes: 7, sabado: 7, domingo: 7, monday: 7, tuesday: 7,
  wednesday: 7, thursday: 7, friday: 7, saturday: 7, sunday: 7,
};
const NUMBER = String.raw`(\d+(?:[.,]\d+)?|${Object.keys(NUMBER_WORDS).join('|')})`;
const UNIT = `(${Object.keys(UNIT_DAYS).join('|')})`;
const NAMED = Object.keys(NAMED_SPANS).sort((a, b) => b.length - a.length).join('|');
const SPAN_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:(?:(?:en|in|within|dentro de|durante|per|por|each|cada|a la|al|para|by|before|antes de|in just|en solo|en tan solo|solo|just|only)\s+)?(?:(?:los|las|the|a|un|una)\s+)?(?:${NUMBER}\s+)?${UNIT}|(${NAMED}))(?![\p{L}\p{N}])`,
  'gu',
);
const ALWAYS_UNREALISTIC_RE = phrases([
  'ganar la loteria', 'win the lottery', 'rico rapido', 'get rich quick', 'sin esfuerzo', 'without (?:any )?effort',
  String.raw`effortless\w*`, 'de la noche a la manana', 'overnight', String.raw`crecer \d+ ?(?:cm|centimetros)`,
  String.raw`grow \d+ ?(?:cm|inches|centimeters)`, 'ser mas alt[oa]', 'get taller', 'grow taller', 'never fail',
  'sin fallar nunca', 'perfect(?:o|a)? en todo', 'perfect at everything', 'double my money', 'duplicar mi dinero',
]);
const BIG_OUTCOME_RE = phrases([
  String.raw`millonari\w*`, String.raw`millionaire\w*`, String.raw`millon\w*`, String.raw`million\w*`,
  '(?:ser|hacerme|volverme|forrarme) ric[oa]', 'forrarme', '(?:be|get|become) rich', 'rich', String.raw`famos[oa]s?`,
  'famous', String.raw`expert\w*`, String.raw`fluid[oa]`, String.raw`fluent\w*`, 'bilingue', 'bilingual',
  String.raw`campeon\w*`, String.raw`champion\w*`, 'ironman', 'six ?pack', 'tableta', 'abdominales marcados',
  String.raw`astronaut\w*`, 'perfect[oa]?', 'perfectly', 'nativ[oa]', 'native', 'dominar', 'master',
  String.raw`pro(?:fesional)?`, String.raw`viral\w*`, String.raw`maraton\w*`, String.raw`marathon\w*`,
]);
const FOLLOWERS_RE = new RegExp(String.raw`${NUMBER}\s*(k|mil|000|m)?\s*(?:seguidores|followers|subs|suscriptores|subscribers)`, 'u');
const WEIGHT_RE = new RegExp(
  String.raw`(?:perder|bajar|adelgazar|ganar|subir|quitarme|lose|drop|shed|gain|put on|losing|dropping)\D{0,20}?${NUMBER}\s*(kg|kgs|kilos?|kilogramos?|lbs?|libras?|pounds?)(?![\p{L}])`,
  'u',
);
const MUSCLE_RE = /muscul|muscle/u;
const LANGUAGES_RE = new RegExp(String.raw`${NUMBER}\s+(?:idiomas|lenguas|languages)`, 'u');
const MONEY_RE = new RegExp(String.raw`(?:ganar|ahorrar|hacer|earn|make|save)\D{0,15}?${NUMBER}\s*(k|mil|000)?\s*(?:euros?|eur|€|\$|dolares|dollars|bucks|pavos)?`, 'u');

function toNumber(token: string | undefined, fallback: number): number {
  if (token === undefined) return fallback;
  return NUMBER_WORDS[token] ?? Number(token.replace(',', '.'));
}

function shortestSpanDays(text: string): number {
  let days = Infinity;
  for (const m of text.matchAll(SPAN_RE)) {
    const span = m[3] !== undefined ? (NAMED_SPANS[m[3]] ?? Infinity) : toNumber(m[1], 1) * (UNIT_DAYS[m[2] ?? ''] ?? Infinity);
    days = Math.min(days, span);
  }
  return days;
}

function isUnrealistic(text: string, domain: Domain): boolean {
  if (ALWAYS_UNREALISTIC_RE.test(text)) return true;
  const days = shortestSpanDays(text);
  if (!Number.isFinite(days)) return false;
  if (/millon|million/u.test(text) && days <= 365) return true;
  if (BIG_OUTCOME_RE.test(text) && days <= 31) return true;
  const weight = WEIGHT_RE.exec(text);
  if (weight !== null) {
    const unit = weight[2] ?? '';
    const kg = toNumber(weight[1], 0) / (/^(?:lb|libra|pound)/u.test(unit) ? 2.2 : 1);
    const perWeek = kg / Math.max(days / 7, 1 / 7);
    if (perWeek > (MUSCLE_RE.test(text) || /ganar|subir|gain|put on/u.test(weight[0]) ? 0.5 : 1.5)) return true;
  }
  const followers = FOLLOWERS_RE.exec(text);
  if (followers !== null) {
    const mult = followers[2] === 'k' || followers[2] === 'mil' || followers[2] === '000' ? 1000 : followers[2] === 'm' ? 1e6 : 1;
    if (toNumber(followers[1], 0) * mult >= 10_000 && days <= 31) return true;
  }
  const money = MONEY_RE.exec(text);
  if (money !== null) {
    const mult = money[2] === undefined ? 1 : 1000;
    if (toNumber(money[1], 0) * mult >= 10_000 && days <= 31) return true;
  }
  const count = toNumber(LANGUAGES_RE.exec(text)?.[1], 0);
  if ((count >= 2 && days <= 31) || (count >= 4 && days <= 365)) return true;
  // Learning a language or an instrument from a standing start takes months, not days.
  if ((domain === 'languages' || /aprender|learn|hablar|speak/u.test(text)) && domain !== 'other' && days <= 10) {
    return /aprender|learn|hablar|speak|dominar|master/u.test(text);
  }
  return false;
}

// --- the rest --------------------------------------------------------------------------------

function domainOf(tokens: readonly Token[], text: string): Domain {
  if (/hablar en publico|public speaking/u.test(text)) return 'social';
  if (/forma fisica|ponerme en forma|estar en forma|get fit|in shape|perder peso|bajar de peso|lose weight/u.test(text)) return 'fitness';
  if (/media maraton|half marathon|correr|running|\brun\b/u.test(text)) return 'running';
  let best: Domain = 'other';
  let bestScore = 0;
  for (const [domain, lexi] of DOMAIN_LEXICONS) {
    const score = hits(tokens, lexi).length;
    if (score > bestScore) {
      best = domain;
      bestScore = score;
    }
  }
  return best;
}

function hasIntent(text: string, plain: readonly string[]): boolean {
  if (INTENT_RE.test(text)) return true;
  const first = plain[0] ?? '';
  const second = plain[1] ?? '';
  if (EN_GOAL_VERBS.has(first) || (first === 'to' && EN_GOAL_VERBS.has(second))) return true;
  if (MORE_LESS.has(first)) return true;
  // A Spanish infinitive, possibly with a pronoun attached, at the start: "aprender", "sacarme".
  return /^(?:\p{L}{2,})(?:ar|er|ir)(?:me|te|se|le|la|lo)?$/u.test(first) || /^(?:\p{L}{2,})(?:ar|er|ir)(?:me|se)?$/u.test(second);
}

function isVague(plain: readonly string[]): boolean {
  return plain.every((w) => FILLER.has(w) || GENERIC.has(w));
}

export function classify(goal: string): GoalClassification {
  const text = fold(goal);
  // Digits glued to units are split ("20kg" -> "20 kg", "5k" stays a distance).
  const spaced = text.replace(/(\d)(kg|kgs|kilos|lbs|cm|dias|days|semanas|weeks|meses|months)(?![\p{L}])/gu, '$1 $2');
  const tokens = tokenize(goal);
  const plain = words(goal);
  const domain = domainOf(tokens, text);
  const intent = hasIntent(text, plain);
  const result = (kind: GoalKind, harm?: HarmKind): GoalClassification =>
    harm === undefined ? { kind, domain, intent } : { kind, harm, domain, intent };

  const harm = harmOf(spaced, tokens);
  if (harm !== null) return result('harmful', harm);
  if (OFF_TOPIC_RE.test(text) && !/trabajo|work|job/u.test(text)) return result('off_topic');
  if (any(tokens, DISTRESS) || DISTRESS_RE.test(text)) return result('distressed');
  if (plain.length > 0 && GREETING_ONLY_RE.test(plain.join(' '))) return result('off_topic');
  if (isVague(plain)) return result('vague');
  if (VAGUE_RE.test(text) && domain === 'other') return result('vague');

  const asks =
    /[?¿？]/u.test(goal) || QUESTION_START.test(goal.normalize('NFC').toLowerCase().replace(/^[^\p{L}]+/u, ''));
  if (asks && !intent && !(domain !== 'other' && !QUESTION_START.test(goal.normalize('NFC').toLowerCase().trim()))) {
    return result('off_topic');
  }
  if (isUnrealistic(spaced, domain)) return result('unrealistic');
  if (!intent && domain === 'other') {
    // A remark with no wish in it ("me encanta el fútbol"): the goal still has to be defined.
    return plain.length <= 2 && !asks ? result('vague') : result('off_topic');
  }
  return result('clear');
}

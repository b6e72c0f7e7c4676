import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_MESSAGE_CHARS, extractForState, type Extraction } from '../src/flows/fitness/agents/offline/extract.js';
import { findDays } from '../src/language/days.js';
import { readNumberAt } from '../src/language/numbers.js';
import { analyze, normalize } from '../src/language/text.js';
import { dropSeconds, findTimes, formatHHMM, readingsOf } from '../src/language/times.js';

type State = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type Data = Record<string, unknown>;

interface Said {
  readonly say: string;
  readonly data: Data;
}

interface Missing {
  readonly say: string;
  readonly missing: readonly string[];
}

function expectOk(state: State, cases: readonly Said[]): void {
  it.each(cases)('when the user says $say, then it is ok with exactly that data', ({ say, data }) => {
    expect(extractForState(state, say)).toEqual({ status: 'ok', data });
  });
}

function expectUnsure(state: State, cases: readonly Said[]): void {
  it.each(cases)('when the user says $say, then it is unsure and offers that data to confirm', ({ say, data }) => {
    const result = extractForState(state, say);
    expect(result.status).toBe('unsure');
    if (result.status !== 'unsure') return;
    expect(result.data).toEqual(data);
    expect(result.reason.length).toBeGreaterThan(0);
  });
}

function expectNone(state: State, cases: readonly Missing[]): void {
  it.each(cases)('when the user says $say, then nothing is taken and $missing is missing', ({ say, missing }) => {
    expect(extractForState(state, say)).toEqual({ status: 'none', missing });
  });
}

const level = (fitness_level: string): Data => ({ fitness_level });

describe('state 1: fitness level', () => {
  expectOk(1, [
    { say: 'beginner', data: level('beginner') },
    { say: 'Beginner.', data: level('beginner') },
    { say: "I'm a beginner", data: level('beginner') },
    { say: 'intermediate', data: level('intermediate') },
    { say: 'advanced', data: level('advanced') },
    { say: 'INTERMEDIATE', data: level('intermediate') },
    { say: "I'd say intermediate", data: level('intermediate') },
    { say: "I'm an advanced lifter", data: level('advanced') },
    { say: 'complete beginner, never worked out', data: level('beginner') },
    { say: "I've never worked out in my life", data: level('beginner') },
    { say: "I'm new to the gym", data: level('beginner') },
    { say: 'just starting out', data: level('beginner') },
    {
      say: "I used to run but I've been lazy for a year, so probably a beginner again",
      data: level('beginner'),
    },
    { say: "I used to be advanced but now I'm a beginner", data: level('beginner') },
    { say: "I was intermediate years ago, now I'm a total novice", data: level('beginner') },
    { say: "not a beginner, I'm intermediate", data: level('intermediate') },
    { say: "I think I'm intermediate", data: level('intermediate') },
    { say: "Pretty advanced, I've been lifting for ten years", data: level('advanced') },
    { say: "I'm an expert", data: level('advanced') },
    { say: 'I\u2019m a novice', data: level('beginner') },
    { say: 'newbie here!', data: level('beginner') },
    { say: "I'd call myself intermediate, I train 3 times a week", data: level('intermediate') },
    { say: 'I would consider myself an intermediate level athlete', data: level('intermediate') },
    { say: "I'm not advanced, more like intermediate", data: level('intermediate') },
  ]);
  expectUnsure(1, [
    { say: "I'm somewhere between beginner and intermediate", data: level('beginner') },
    { say: 'beginner or intermediate?', data: level('beginner') },
    { say: 'maybe advanced', data: level('advanced') },
    { say: "I'm pretty out of shape", data: level('beginner') },
    { say: 'I have some experience', data: level('intermediate') },
    { say: 'intermediate-ish', data: level('intermediate') },
    { say: 'I used to be advanced', data: level('advanced') },
    { say: 'advanced beginner', data: level('beginner') },
    { say: 'beginner?', data: level('beginner') },
  ]);
  expectNone(1, [
    { say: 'hello', missing: ['fitness_level'] },
    { say: 'I want to lose weight', missing: ['fitness_level'] },
    { say: "I'm not a beginner", missing: ['fitness_level'] },
    { say: '', missing: ['fitness_level'] },
    { say: 'what do you mean?', missing: ['fitness_level'] },
  ]);
});

type Goal = 'fat_loss' | 'muscle_gain' | 'general_fitness';
const goals = (...types: Goal[]): Data => ({
  goals: types.map((goal_type, index) => ({ goal_type, priority: index + 1 })),
});

describe("state 1's framing words", () => {
  it('when the words that frame a level are used in another state, then they are not accounted for there', () => {
    expect(extractForState(1, "I'd call myself an advanced lifter")).toEqual({ status: 'ok', data: level('advanced') });
    const goal = extractForState(2, "lose fat, I'd call myself a lifter");
    expect(goal.status).toBe('unsure');
    if (goal.status === 'unsure') expect(goal.reason).toMatch(/call|lifter/u);
  });

  it('when only framing words are said, then no level is taken', () => {
    expect(extractForState(1, 'I used to run')).toEqual({ status: 'none', missing: ['fitness_level'] });
  });
});

describe('state 2: goals', () => {
  expectOk(2, [
    { say: 'lose fat and build some muscle', data: goals('fat_loss', 'muscle_gain') },
    { say: 'lose weight', data: goals('fat_loss') },
    { say: 'fat loss', data: goals('fat_loss') },
    { say: 'fat_loss', data: goals('fat_loss') },
    { say: 'build muscle', data: goals('muscle_gain') },
    { say: 'Muscle gain', data: goals('muscle_gain') },
    { say: 'bulk', data: goals('muscle_gain') },
    { say: 'I want to get stronger', data: goals('muscle_gain') },
    { say: 'general fitness', data: goals('general_fitness') },
    { say: 'stay healthy', data: goals('general_fitness') },
    { say: 'I just want to get fit and have more energy', data: goals('general_fitness') },
    { say: 'improve my endurance for a marathon', data: goals('general_fitness') },
    { say: "I'm cutting", data: goals('fat_loss') },
    { say: 'build muscle and improve my stamina', data: goals('muscle_gain', 'general_fitness') },
    { say: 'mainly lose weight, but also build some muscle', data: goals('fat_loss', 'muscle_gain') },
    {
      say: 'I want to build muscle, but mostly I want to lose fat',
      data: goals('fat_loss', 'muscle_gain'),
    },
    { say: "I don't want to bulk, just lose fat", data: goals('fat_loss') },
    {
      say: 'lose a few pounds, get stronger and stay healthy',
      data: goals('fat_loss', 'muscle_gain', 'general_fitness'),
    },
    { say: "I'd like to lose some belly fat", data: goals('fat_loss') },
    { say: 'gain weight and put on size', data: goals('muscle_gain') },
    { say: 'burn fat, then build strength', data: goals('fat_loss', 'muscle_gain') },
    { say: 'get in shape and build muscle', data: goals('general_fitness', 'muscle_gain') },
  ]);
  expectUnsure(2, [
    // "for my wedding" is an aside, like SPEC 13's "(for ethical reasons)": confirm first.
    { say: 'slim down for my wedding', data: goals('fat_loss') },
    { say: 'I want to tone up', data: goals('fat_loss') },
    { say: 'get toned and healthy', data: goals('fat_loss', 'general_fitness') },
    { say: 'all of the above', data: goals('fat_loss', 'muscle_gain', 'general_fitness') },
    { say: 'maybe lose weight?', data: goals('fat_loss') },
  ]);
  expectNone(2, [
    { say: 'hi', missing: ['goals'] },
    { say: "I don't know yet", missing: ['goals'] },
    { say: "I'm a beginner", missing: ['goals'] },
    { say: "I don't want to bulk", missing: ['goals'] },
  ]);
});

const constraints = (equipment: string[], injuries: string[], limitations: string[], targets: Data = {}): Data => ({
  equipment,
  injuries,
  limitations,
  ...targets,
});

describe('state 3: equipment, injuries and limitations', () => {
  expectOk(3, [
    {
      say: 'dumbbells and a bench, bad left knee',
      data: constraints(['dumbbells', 'bench'], ['left knee'], []),
    },
    { say: 'no equipment', data: constraints([], [], []) },
    { say: 'none', data: constraints([], [], []) },
    { say: 'No equipment, no injuries.', data: constraints([], [], []) },
    { say: 'no equipment, injuries or limitations', data: constraints([], [], []) },
    { say: 'just bodyweight', data: constraints([], [], []) },
    { say: 'I have a full gym membership', data: constraints(['full gym'], [], []) },
    { say: 'kettlebells and resistance bands', data: constraints(['kettlebells', 'resistance bands'], [], []) },
    { say: 'a pull-up bar and a yoga mat', data: constraints(['pull-up bar', 'yoga mat'], [], []) },
    {
      say: 'I have a treadmill at home but my lower back hurts',
      data: constraints(['treadmill'], ['lower back'], []),
    },
    { say: 'only 30 minutes per session', data: constraints([], [], ['only 30 minutes per session']) },
    {
      say: 'dumbbells, no injuries, but I can only train 45 minutes',
      data: constraints(['dumbbells'], [], ['can only train 45 minutes']),
    },
    { say: 'torn ACL last year', data: constraints([], ['torn acl'], []) },
    { say: 'bad knees and asthma', data: constraints([], ['knees'], ['asthma']) },
    {
      say: "I've got a barbell, a squat rack and plates",
      data: constraints(['barbell', 'squat rack', 'plates'], [], []),
    },
    { say: 'no injuries or limitations, I train at the gym', data: constraints(['gym'], [], []) },
    {
      say: 'My right shoulder is injured, and I have no equipment',
      data: constraints([], ['right shoulder'], []),
    },
    {
      say: "can't do jumping because of my ankle",
      data: constraints([], ['ankle'], ["can't do jumping because of my ankle"]),
    },
    { say: 'Injury-free, I have kettlebells', data: constraints(['kettlebells'], [], []) },
    { say: "resistance bands only, I'm pregnant", data: constraints(['resistance bands'], [], ['pregnant']) },
    { say: "no gym, can't jump or run", data: constraints([], [], ["can't jump or run"]) },
    {
      say: 'dumbbells and a bench, bad left knee, I want to get to 75 kg',
      data: constraints(['dumbbells', 'bench'], ['left knee'], [], { target_weight_kg: 75 }),
    },
    {
      say: 'bodyweight only, aiming for 15% body fat',
      data: constraints([], [], [], { target_body_fat_percentage: 15 }),
    },
    {
      say: 'no equipment; I weigh 90kg and want to get to 80kg',
      data: constraints([], [], [], { target_weight_kg: 80 }),
    },
    { say: 'no equipment, goal weight 165 lbs', data: constraints([], [], [], { target_weight_kg: 74.8 }) },
    {
      say: 'no equipment, I want to lose 10 kg',
      data: constraints([], [], []),
    },
    { say: "I'm getting back into it, just dumbbells", data: constraints(['dumbbells'], [], []) },
    { say: 'dumbbells up to 20kg', data: constraints(['dumbbells'], [], []) },
    {
      say: 'Equipment: dumbbells, kettlebell. Injuries: none. Limitations: 45 minutes max',
      data: constraints(['dumbbells', 'kettlebell'], [], ['45 minutes max']),
    },
  ]);
  expectUnsure(3, [
    { say: 'maybe a bad knee?', data: constraints([], ['knee'], []) },
    // "two kids" may well be a limitation the user wants kept; it is not placed, so confirm.
    { say: 'I have two kids and a busy schedule', data: constraints([], [], ['busy schedule']) },
  ]);
  expectNone(3, [
    { say: 'I want to get to 75 kg', missing: ['equipment', 'injuries', 'limitations'] },
    { say: 'hello', missing: ['equipment', 'injuries', 'limitations'] },
    { say: "I'm getting back into training", missing: ['equipment', 'injuries', 'limitations'] },
  ]);
});

const diet = (diet_type: string, allergies: string[] = [], intolerances: string[] = [], dislikes: string[] = []): Data => ({
  diet_type,
  allergies,
  intolerances,
  dislikes,
});

describe('state 4: diet', () => {
  expectOk(4, [
    { say: 'vegetarian, allergic to peanuts, no mushrooms', data: diet('vegetarian', ['peanuts'], [], ['mushrooms']) },
    { say: 'vegan', data: diet('vegan') },
    { say: 'I eat everything', data: diet('omnivore') },
    { say: 'omnivore', data: diet('omnivore') },
    { say: 'Everything', data: diet('omnivore') },
    { say: 'keto', data: diet('keto') },
    { say: 'paleo, no dairy', data: diet('paleo', [], [], ['dairy']) },
    { say: 'pescatarian and allergic to shellfish', data: diet('pescatarian', ['shellfish']) },
    { say: "I'm vegetarian but I eat fish", data: diet('pescatarian') },
    { say: 'vegetarian and lactose intolerant', data: diet('vegetarian', [], ['lactose']) },
    {
      say: 'I eat everything except mushrooms and olives',
      data: diet('omnivore', [], [], ['mushrooms', 'olives']),
    },
    { say: 'No restrictions', data: diet('omnivore') },
    {
      say: 'plant-based, allergic to peanuts and tree nuts',
      data: diet('vegan', ['peanuts', 'tree nuts']),
    },
    { say: "I don't eat meat, and I'm gluten intolerant", data: diet('vegetarian', [], ['gluten']) },
    { say: 'omnivore with a peanut allergy', data: diet('omnivore', ['peanut']) },
    { say: 'normal diet but I hate coriander', data: diet('omnivore', [], [], ['coriander']) },
    { say: "keto, nothing I'm allergic to", data: diet('keto') },
    {
      say: "vegetarian. Not allergic to anything, but I don't like eggplant",
      data: diet('vegetarian', [], [], ['eggplant']),
    },
    { say: "I'm not vegan, I eat meat", data: diet('omnivore') },
    {
      say: 'Pescatarian; intolerant to gluten and lactose; not a fan of spicy food',
      data: diet('pescatarian', [], ['gluten', 'lactose'], ['spicy food']),
    },
    { say: "I'm a meat eater, no allergies, no intolerances", data: diet('omnivore') },
    { say: "I eat anything, but I'm sensitive to dairy", data: diet('omnivore', [], ['dairy']) },
    {
      say: 'vegan, allergic to soy, peanuts and sesame',
      data: diet('vegan', ['soy', 'peanuts', 'sesame']),
    },
    { say: 'keto and gluten-free', data: diet('keto', [], ['gluten']) },
    {
      say: 'omnivore, allergic to peanuts and lactose intolerant',
      data: diet('omnivore', ['peanuts'], ['lactose']),
    },
    { say: "I'm coeliac and vegetarian", data: diet('vegetarian', [], ['coeliac']) },
    {
      say: 'omnivore. Allergies: peanuts, shellfish. Intolerances: lactose. Dislikes: olives, liver',
      data: diet('omnivore', ['peanuts', 'shellfish'], ['lactose'], ['olives', 'liver']),
    },
    { say: 'I eat meat and fish, allergic to penicillin lol', data: diet('omnivore', ['penicillin']) },
  ]);
  expectUnsure(4, [
    // How severe an allergy is cannot be stored; the user confirms the allergy as it will be saved.
    { say: 'vegetarian with a severe nut allergy', data: diet('vegetarian', ['nut']) },
    { say: 'mostly vegetarian', data: diet('vegetarian') },
    { say: 'vegan keto', data: diet('vegan') },
    { say: 'low carb', data: diet('keto') },
    { say: 'none', data: diet('omnivore') },
    { say: 'I used to be vegan', data: diet('vegan') },
  ]);
  expectNone(4, [
    { say: 'allergic to peanuts', missing: ['diet_type'] },
    { say: 'hi', missing: ['diet_type'] },
    { say: "I'm not vegan", missing: ['diet_type'] },
  ]);
});

const plan = (daily_calorie_target: number, protein: number, carbs: number, fats: number): Data => ({
  daily_calorie_target,
  protein_percentage: protein,
  carbs_percentage: carbs,
  fats_percentage: fats,
});

describe('state 5: calories and macros', () => {
  expectOk(5, [
    { say: '2000 kcal, 30/40/30', data: plan(2000, 30, 40, 30) },
    { say: '40% carbs, 30% protein, 30% fat, 2000 calories', data: plan(2000, 30, 40, 30) },
    {
      say: 'two thousand calories, thirty percent protein, forty percent carbs, thirty percent fat',
      data: plan(2000, 30, 40, 30),
    },
    { say: '1800 cal 40/40/20', data: plan(1800, 40, 40, 20) },
    { say: '2500 kcal; 40/30/30 carbs/protein/fat', data: plan(2500, 30, 40, 30) },
    { say: '2200 calories with macros 30p/45c/25f', data: plan(2200, 30, 45, 25) },
    { say: 'calories: 1900, protein 35%, carbs 40%, fat 25%', data: plan(1900, 35, 40, 25) },
    { say: 'I want 12000 kcal, 30/40/30', data: plan(12000, 30, 40, 30) },
    { say: '2000 kcal, 30/40/20', data: plan(2000, 30, 40, 20) },
    { say: '2k calories, 30-40-30', data: plan(2000, 30, 40, 30) },
    { say: '2,000 kcal and 30/40/30', data: plan(2000, 30, 40, 30) },
    { say: '2000, 30/40/30', data: plan(2000, 30, 40, 30) },
    {
      say: 'around 2200 calories a day, 30% protein, 40% carbs and 30% fats',
      data: plan(2200, 30, 40, 30),
    },
    { say: 'protein 30 carbs 40 fat 30, 2100 kcal', data: plan(2100, 30, 40, 30) },
    { say: '30 protein 40 carbs 30 fat and 2000 calories', data: plan(2000, 30, 40, 30) },
    { say: '2400 kcal, p/c/f 35/40/25', data: plan(2400, 35, 40, 25) },
    { say: 'two thousand five hundred calories, 25/50/25', data: plan(2500, 25, 50, 25) },
    { say: '1500kcal 40/30/30', data: plan(1500, 40, 30, 30) },
    {
      say: 'My target is 2000 calories per day with 30% of calories from protein, 40% from carbs and 30% from fat',
      data: plan(2000, 30, 40, 30),
    },
    { say: '2000 kcal, 33.3/33.3/33.4', data: plan(2000, 33.3, 33.3, 33.4) },
    { say: 'daily calorie target of 1750, 30/35/35', data: plan(1750, 30, 35, 35) },
    { say: '2000 cals 30:40:30', data: plan(2000, 30, 40, 30) },
    // A split that also reads as a clock time with seconds is still a split in this state.
    { say: '2000 kcal 20:40:40', data: plan(2000, 20, 40, 40) },
    { say: '30 40 30 and 2000 kcal', data: plan(2000, 30, 40, 30) },
    { say: '2000 kcal 40/30/30 (carbs/protein/fat)', data: plan(2000, 30, 40, 30) },
  ]);
  expectUnsure(5, [
    { say: '1800-2000 kcal, 30/40/30', data: plan(1800, 30, 40, 30) },
    { say: 'maybe 2000 calories, 30/40/30', data: plan(2000, 30, 40, 30) },
  ]);
  expectNone(5, [
    { say: '2000 kcal', missing: ['protein_percentage', 'carbs_percentage', 'fats_percentage'] },
    { say: '30/40/30', missing: ['daily_calorie_target'] },
    { say: '30% protein, 40% carbs, 2000 kcal', missing: ['fats_percentage'] },
    {
      say: 'high protein please',
      missing: ['daily_calorie_target', 'protein_percentage', 'carbs_percentage', 'fats_percentage'],
    },
    { say: '150g protein, 2000 kcal', missing: ['protein_percentage', 'carbs_percentage', 'fats_percentage'] },
  ]);
});

const meals = (...pairs: Array<readonly [string, string]>): Data => ({
  meals: pairs.map(([meal_name, scheduled_time]) => ({ meal_name, scheduled_time })),
});

describe('state 6: meal times', () => {
  expectOk(6, [
    {
      say: 'breakfast 8:00, lunch 13:00, dinner 19:30',
      data: meals(['breakfast', '08:00'], ['lunch', '13:00'], ['dinner', '19:30']),
    },
    { say: 'snack at 4pm', data: meals(['snack', '16:00']) },
    {
      say: 'breakfast at 7am, lunch at noon, dinner at 7pm',
      data: meals(['breakfast', '07:00'], ['lunch', '12:00'], ['dinner', '19:00']),
    },
    {
      say: '8am breakfast, 1pm lunch, 7pm dinner',
      data: meals(['breakfast', '08:00'], ['lunch', '13:00'], ['dinner', '19:00']),
    },
    {
      say: 'breakfast at 8, lunch at 1, dinner at 7',
      data: meals(['breakfast', '08:00'], ['lunch', '13:00'], ['dinner', '19:00']),
    },
    {
      say: 'Breakfast 7.30am, lunch 12.30pm, dinner 6.30pm',
      data: meals(['breakfast', '07:30'], ['lunch', '12:30'], ['dinner', '18:30']),
    },
    {
      say: 'breakfast, lunch and dinner at 8, 12 and 7',
      data: meals(['breakfast', '08:00'], ['lunch', '12:00'], ['dinner', '19:00']),
    },
    {
      say: 'I skip breakfast; lunch at 12:30 and dinner at 8',
      data: meals(['lunch', '12:30'], ['dinner', '20:00']),
    },
    { say: 'dinner at 7:30', data: meals(['dinner', '19:30']) },
    { say: 'Breakfast at half past seven', data: meals(['breakfast', '07:30']) },
    {
      say: 'lunch at midday and dinner at seven thirty',
      data: meals(['lunch', '12:00'], ['dinner', '19:30']),
    },
    { say: 'breakfast 0730, dinner 1930', data: meals(['breakfast', '07:30'], ['dinner', '19:30']) },
    { say: 'supper at 9pm', data: meals(['supper', '21:00']) },
    { say: 'brunch at 11', data: meals(['brunch', '11:00']) },
    {
      say: 'morning snack at 10 and afternoon snack at 3',
      data: meals(['morning snack', '10:00'], ['afternoon snack', '15:00']),
    },
    { say: 'snacks at 11am and 4pm', data: meals(['snack', '11:00'], ['snack', '16:00']) },
    {
      say: 'breakfast at 6 in the morning and dinner at 6 in the evening',
      data: meals(['breakfast', '06:00'], ['dinner', '18:00']),
    },
    { say: 'lunch at 1pm', data: meals(['lunch', '13:00']) },
    {
      say: 'breakfast at 8:00 am and a late night snack at 11pm',
      data: meals(['breakfast', '08:00'], ['late night snack', '23:00']),
    },
    { say: 'dinner at 19:30, no snacks', data: meals(['dinner', '19:30']) },
    { say: 'lunch 12-1, dinner 7', data: meals(['lunch', '12:00'], ['dinner', '19:00']) },
    { say: 'pre-workout meal at 5pm', data: meals(['pre-workout meal', '17:00']) },
    { say: "breakfast at 9 o'clock", data: meals(['breakfast', '09:00']) },
    { say: 'dinner at 25:00', data: meals(['dinner', '25:00']) },
    {
      say: 'breakfast at 8:30, lunch at 1pm, 4pm snack',
      data: meals(['breakfast', '08:30'], ['lunch', '13:00'], ['snack', '16:00']),
    },
    {
      say: 'I eat at 8am (breakfast), 1pm (lunch) and 7pm (dinner)',
      data: meals(['breakfast', '08:00'], ['lunch', '13:00'], ['dinner', '19:00']),
    },
  ]);
  expectUnsure(6, [
    { say: 'snack at 10', data: meals(['snack', '10:00']) },
    { say: 'shake at 6', data: meals(['shake', '18:00']) },
    { say: 'breakfast around 8ish', data: meals(['breakfast', '08:00']) },
  ]);
  expectNone(6, [
    { say: 'breakfast and dinner', missing: ['scheduled_time'] },
    { say: 'at 8, 1 and 7', missing: ['meal_name'] },
    { say: 'three meals a day', missing: ['meals'] },
    { say: 'I eat whenever', missing: ['meals'] },
    { say: 'breakfast at 8, lunch, dinner at 7', missing: ['scheduled_time'] },
    { say: 'breakfast and lunch at 9', missing: ['scheduled_time'] },
  ]);
});

const slots = (days: number[], scheduled_time: string): Array<{ day_of_week: number; scheduled_time: string }> =>
  days.map((day_of_week) => ({ day_of_week, scheduled_time }));
const workouts = (...groups: Array<Array<{ day_of_week: number; scheduled_time: string }>>): Data => ({
  workouts: groups.flat().sort((a, b) => a.day_of_week - b.day_of_week || a.scheduled_time.localeCompare(b.scheduled_time)),
});

describe('state 7: workout schedule', () => {
  expectOk(7, [
    { say: 'Mon, Wed and Fri at 7am', data: workouts(slots([0, 2, 4], '07:00')) },
    { say: 'Tuesday and Thursday at 6pm', data: workouts(slots([1, 3], '18:00')) },
    { say: 'weekdays at 6:30am', data: workouts(slots([0, 1, 2, 3, 4], '06:30')) },
    { say: 'weekends at 10am', data: workouts(slots([5, 6], '10:00')) },
    { say: 'Mon-Fri at 18:00', data: workouts(slots([0, 1, 2, 3, 4], '18:00')) },
    { say: 'Monday to Friday at 7pm', data: workouts(slots([0, 1, 2, 3, 4], '19:00')) },
    { say: 'every day at 6am', data: workouts(slots([0, 1, 2, 3, 4, 5, 6], '06:00')) },
    { say: 'every day except Sunday at 7am', data: workouts(slots([0, 1, 2, 3, 4, 5], '07:00')) },
    { say: 'Monday at 7am and Thursday at 6pm', data: workouts(slots([0], '07:00'), slots([3], '18:00')) },
    {
      say: 'weekdays at 6am and weekends at 9am',
      data: workouts(slots([0, 1, 2, 3, 4], '06:00'), slots([5, 6], '09:00')),
    },
    { say: '7am on Mon, Wed, Fri', data: workouts(slots([0, 2, 4], '07:00')) },
    { say: 'Tuesday and Thursday evenings at 6', data: workouts(slots([1, 3], '18:00')) },
    { say: 'Saturday mornings at 8', data: workouts(slots([5], '08:00')) },
    { say: 'Fri-Mon at noon', data: workouts(slots([4, 5, 6, 0], '12:00')) },
    { say: 'tues, thurs and sat at 17:30', data: workouts(slots([1, 3, 5], '17:30')) },
    { say: 'Mondays and Wednesdays at 7 pm', data: workouts(slots([0, 2], '19:00')) },
    { say: 'daily at 5:45 am', data: workouts(slots([0, 1, 2, 3, 4, 5, 6], '05:45')) },
    { say: 'every weekday at 19:00', data: workouts(slots([0, 1, 2, 3, 4], '19:00')) },
    { say: 'Wednesday at half past six in the evening', data: workouts(slots([2], '18:30')) },
    { say: "I'd like to train on Sunday at 09:00", data: workouts(slots([6], '09:00')) },
    { say: 'weekdays except Wednesday at 6am', data: workouts(slots([0, 1, 3, 4], '06:00')) },
    {
      say: 'monday 6am, wednesday 6pm, friday 7am',
      data: workouts(slots([0], '06:00'), slots([2], '18:00'), slots([4], '07:00')),
    },
    {
      say: 'every day except Saturday and Sunday at 6:15am',
      data: workouts(slots([0, 1, 2, 3, 4], '06:15')),
    },
    { say: 'weekdays 6-7am', data: workouts(slots([0, 1, 2, 3, 4], '06:00')) },
    {
      say: 'Every day at 6 in the morning except weekends',
      data: workouts(slots([0, 1, 2, 3, 4], '06:00')),
    },
    {
      say: 'Monday and Wednesday at 7am and Friday at 5pm',
      data: workouts(slots([0, 2], '07:00'), slots([4], '17:00')),
    },
  ]);
  expectUnsure(7, [
    { say: 'Mon, Wed, Fri at 7', data: workouts(slots([0, 2, 4], '07:00')) },
    { say: 'Tuesday at 5', data: workouts(slots([1], '17:00')) },
    { say: 'Sunday at 10:00', data: workouts(slots([6], '10:00')) },
  ]);
  expectNone(7, [
    { say: 'Mon, Wed and Fri', missing: ['scheduled_time'] },
    { say: 'at 7am', missing: ['day_of_week'] },
    { say: '3 times a week', missing: ['workouts'] },
    { say: 'every other day at 7am', missing: ['day_of_week'] },
    { say: '3-4 times a week in the mornings', missing: ['workouts'] },
  ]);
});

const hydration = (daily_water_target_ml: number, reminder_frequency_minutes: number): Data => ({
  daily_water_target_ml,
  reminder_frequency_minutes,
});

describe('state 8: hydration', () => {
  expectOk(8, [
    { say: '3 liters a day, remind me every hour', data: hydration(3000, 60) },
    { say: '2L, every 90 min', data: hydration(2000, 90) },
    { say: '2.5 litres, every 2 hours', data: hydration(2500, 120) },
    { say: 'three liters, every forty five minutes', data: hydration(3000, 45) },
    { say: '2000 ml daily and remind me every 30 mins', data: hydration(2000, 30) },
    { say: 'two and a half liters, every hour and a half', data: hydration(2500, 90) },
    { say: 'half a gallon, hourly', data: hydration(1893, 60) },
    { say: '64 oz, every 2 hrs', data: hydration(1893, 120) },
    { say: '1.5 liters, remind me every half hour', data: hydration(1500, 30) },
    { say: '3l every 1.5h', data: hydration(3000, 90) },
    {
      say: 'I want to drink 4 litres per day with reminders every 60 minutes',
      data: hydration(4000, 60),
    },
    { say: '500ml, every 15 min', data: hydration(500, 15) },
    { say: 'a liter and a half, every hour', data: hydration(1500, 60) },
    { say: '12 liters, every 5 hours', data: hydration(12000, 300) },
    { say: '3 liters, every 10 minutes', data: hydration(3000, 10) },
    { say: '3000ml / every 45min', data: hydration(3000, 45) },
    { say: 'two liters a day and a reminder once an hour', data: hydration(2000, 60) },
    { say: "remind me every hour, I'll drink 3 liters", data: hydration(3000, 60) },
    { say: '3 L, every hour and 30 minutes', data: hydration(3000, 90) },
    { say: 'every 2 hours, 2 litres', data: hydration(2000, 120) },
    { say: '3 liters, twice an hour', data: hydration(3000, 30) },
    { say: 'Three litres a day; remind me every ninety minutes', data: hydration(3000, 90) },
    { say: 'two liters daily and get a nudge every 90 minutes', data: hydration(2000, 90) },
    { say: '3 liters, no nudges please', data: { daily_water_target_ml: 3000, reminders_enabled: false } },
  ]);
  expectUnsure(8, [
    { say: '3, every hour', data: hydration(3000, 60) },
    { say: '2-3 liters, every hour', data: hydration(2000, 60) },
    { say: '3 liters, every couple of hours', data: hydration(3000, 120) },
    { say: '3 liters, every 2', data: hydration(3000, 120) },
  ]);
  expectNone(8, [
    { say: '2 liters', missing: ['reminder_frequency_minutes'] },
    { say: 'every hour', missing: ['daily_water_target_ml'] },
    { say: '8 glasses a day, every hour', missing: ['daily_water_target_ml'] },
    { say: '2 liters, twice a day', missing: ['reminder_frequency_minutes'] },
    { say: 'lots of water', missing: ['daily_water_target_ml', 'reminder_frequency_minutes'] },
  ]);
});

const supplements = (interested_in_supplements: boolean, current_supplements: string[] = []): Data => ({
  interested_in_supplements,
  current_supplements,
});

describe('state 9: supplements', () => {
  expectOk(9, [
    { say: 'no supplements', data: supplements(false) },
    { say: 'I take creatine and vitamin D', data: supplements(true, ['creatine', 'vitamin D']) },
    { say: "I'm curious about protein powder", data: supplements(true) },
    { say: "I don't take any supplements", data: supplements(false) },
    { say: 'yes', data: supplements(true) },
    { say: 'no', data: supplements(false) },
    {
      say: 'creatine, fish oil and a multivitamin',
      data: supplements(true, ['creatine', 'fish oil', 'multivitamin']),
    },
    { say: 'not interested', data: supplements(false) },
    { say: "I'm taking whey protein and BCAAs", data: supplements(true, ['whey protein', 'BCAAs']) },
    { say: "No, but I'm interested in creatine", data: supplements(true) },
    { say: 'I use pre-workout and magnesium', data: supplements(true, ['pre-workout', 'magnesium']) },
    { say: 'skip', data: supplements(false) },
    { say: 'I take omega-3 every morning', data: supplements(true, ['omega-3']) },
    { say: 'Sure, I already take vitamin D3 and zinc', data: supplements(true, ['vitamin D3', 'zinc']) },
    { say: "nope, don't take anything", data: supplements(false) },
    { say: "I'd like to try creatine", data: supplements(true) },
    { say: "I'm on ashwagandha and melatonin", data: supplements(true, ['ashwagandha', 'melatonin']) },
    { say: "I take creatine but I'm not interested in more", data: supplements(false, ['creatine']) },
    { say: 'I used to take creatine but not anymore, no thanks', data: supplements(false) },
    { say: 'Vitamin C', data: supplements(true, ['vitamin C']) },
    { say: 'I take rhodiola and creatine', data: supplements(true, ['rhodiola', 'creatine']) },
    { say: 'What about protein powder? I currently take fish oil', data: supplements(true, ['fish oil']) },
    { say: 'I take lion\u2019s mane daily', data: supplements(true, ["lion's mane"]) },
    {
      say: "I drink protein shakes, and I'm thinking about creatine",
      data: supplements(true, ['protein shakes']),
    },
    { say: 'I take vitamin D and B12', data: supplements(true, ['vitamin D', 'B12']) },
  ]);
  expectUnsure(9, [
    { say: 'maybe', data: supplements(true) },
    { say: 'not sure, maybe creatine?', data: supplements(true, ['creatine']) },
  ]);
  expectNone(9, [
    { say: 'hello', missing: ['interested_in_supplements'] },
    { say: 'what are supplements?', missing: ['interested_in_supplements'] },
  ]);
});

// ---------------------------------------------------------------------------------------------
// Properties of the shared parsers and of the extractor as a whole.

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** An independent speller for 0-9999, so the parser is checked against English, not itself. */
function spell(n: number, hyphen: boolean): string {
  const below100 = (m: number): string => {
    if (m < 10) return ONES[m] ?? '';
    if (m < 20) return TEENS[m - 10] ?? '';
    const tens = TENS[Math.floor(m / 10)] ?? '';
    return m % 10 === 0 ? tens : `${tens}${hyphen ? '-' : ' '}${ONES[m % 10] ?? ''}`;
  };
  const below1000 = (m: number): string => {
    if (m < 100) return below100(m);
    const rest = m % 100;
    const head = `${ONES[Math.floor(m / 100)] ?? ''} hundred`;
    return rest === 0 ? head : `${head} and ${below100(rest)}`;
  };
  if (n < 1000) return below1000(n);
  const rest = n % 1000;
  const head = `${below100(Math.floor(n / 1000))} thousand`;
  return rest === 0 ? head : `${head} ${below1000(rest)}`;
}

function readWhole(text: string): { value: number; whole: boolean } | undefined {
  const { tokens } = analyze(text);
  const number = readNumberAt(tokens, 0);
  return number === undefined ? undefined : { value: number.value, whole: number.end === tokens.length };
}

const pad = (n: number): string => String(n).padStart(2, '0');

const DAY_SPELLINGS: readonly string[][] = [
  ['Monday', 'Mon'],
  ['Tuesday', 'Tue', 'Tues'],
  ['Wednesday', 'Wed'],
  ['Thursday', 'Thu', 'Thurs'],
  ['Friday', 'Fri'],
  ['Saturday', 'Sat'],
  ['Sunday', 'Sun'],
];

describe('shared parsers', () => {
  it('when seconds are dropped, then only real clock times lose them', () => {
    expect(dropSeconds('breakfast 08:00:00, lunch 7:30:15')).toBe('breakfast 08:00, lunch 7:30');
    expect(dropSeconds('23:59:59')).toBe('23:59');
    for (const notATime of ['30:40:30', '24:00:00', '07:60:00', '07:00:60', '1:2:3', '10:20:30:40']) {
      expect(dropSeconds(notATime), notATime).toBe(notATime);
    }
  });

  it('when any integer 0..10000 is written as digits, then it parses back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10000 }), (n) => {
        expect(readWhole(String(n))).toEqual({ value: n, whole: true });
        expect(readWhole(n.toLocaleString('en-US'))).toEqual({ value: n, whole: true });
      }),
    );
  });

  it('when any integer 0..9999 is spelled out in words, then it parses back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.boolean(), (n, hyphen) => {
        expect(readWhole(spell(n, hyphen))).toEqual({ value: n, whole: true });
      }),
    );
  });

  it('when any HH:MM time is read, then its readings include it, and only it unless 10-12 o\u2019clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (hour, minute) => {
        const said = `${pad(hour)}:${pad(minute)}`;
        const times = findTimes(analyze(said));
        expect(times).toHaveLength(1);
        const readings = (times[0] === undefined ? [] : readingsOf(times[0])).map(formatHHMM);
        expect(readings).toContain(said);
        if (hour < 10 || hour > 12) expect(readings).toEqual([said]);
      }),
    );
  });

  it('when any 12-hour time with am or pm is read, then it has the one matching 24-hour reading', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 59 }),
        fc.constantFrom('am', 'pm', ' am', ' PM', ' p.m.'),
        (hour, minute, suffix) => {
          const pm = suffix.toLowerCase().includes('p');
          const expected = `${pad((hour % 12) + (pm ? 12 : 0))}:${pad(minute)}`;
          const said = minute === 0 ? `${hour}${suffix}` : `${hour}:${pad(minute)}${suffix}`;
          const times = findTimes(analyze(said));
          expect(times.map((time) => readingsOf(time).map(formatHHMM))).toEqual([[expected]]);
        },
      ),
    );
  });

  const daySpelling = (day: number): fc.Arbitrary<string> => fc.constantFrom(...(DAY_SPELLINGS[day] ?? []));

  it('when any two days are joined as a range, then every day from the first to the last is listed once', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 6 })
          .chain((first) =>
            fc
              .integer({ min: 0, max: 6 })
              .chain((last) =>
                fc.tuple(
                  fc.constant(first),
                  fc.constant(last),
                  daySpelling(first),
                  daySpelling(last),
                  fc.constantFrom('-', ' to ', ' through ', ' - '),
                ),
              ),
          ),
        ([first, last, from, to, joiner]) => {
          const [mention] = findDays(analyze(`${from}${joiner}${to}`));
          const length = ((last - first + 7) % 7) + 1;
          const expected = Array.from({ length }, (_, k) => (first + k) % 7);
          expect(mention?.days).toEqual(expected);
        },
      ),
    );
  });
});

describe('the extractor never invents values', () => {
  const macroNumber = fc.integer({ min: 0, max: 100 });

  it('when calories and a macro split are said in digits or words, then exactly those numbers come back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 9999 }),
        macroNumber,
        macroNumber,
        macroNumber,
        fc.boolean(),
        fc.constantFrom('kcal', 'calories', 'cal'),
        (calories, protein, carbs, fats, words, unit) => {
          const kcal = words ? spell(calories, false) : String(calories);
          const result = extractForState(5, `${kcal} ${unit}, ${protein}/${carbs}/${fats}`);
          expect(result).toEqual({ status: 'ok', data: plan(calories, protein, carbs, fats) });
        },
      ),
    );
  });

  const macroWords = fc.constantFrom(
    '2000',
    '30',
    '40',
    '25.5',
    'two thousand',
    'thirty',
    'kcal',
    'calories',
    '%',
    '/',
    'protein',
    'carbs',
    'fat',
    'and',
    ',',
    '-',
    'about',
    'g',
    'p',
    'c',
    'f',
    '12k',
  );

  it('when state 5 returns any figure, then that figure is written in the message as digits or words', () => {
    fc.assert(
      fc.property(fc.array(macroWords, { maxLength: 14 }), (parts) => {
        const message = parts.join(' ');
        const result = extractForState(5, message);
        if (result.status === 'none') return;
        const { tokens } = analyze(message);
        const written = new Set<number>();
        for (let i = 0; i < tokens.length; i++) {
          const number = readNumberAt(tokens, i);
          if (number !== undefined) written.add(number.value);
        }
        for (const value of Object.values(result.data)) expect(written).toContain(value);
      }),
    );
  });

  it('when water and a reminder interval are said with units, then the converted values are exact', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 1, max: 10 }).map((liters) => [`${liters} liters`, liters * 1000] as const),
          fc.integer({ min: 100, max: 10000 }).map((ml) => [`${ml} ml`, ml] as const),
        ),
        fc.oneof(
          fc.integer({ min: 1, max: 480 }).map((minutes) => [`every ${minutes} minutes`, minutes] as const),
          fc.integer({ min: 1, max: 8 }).map((hours) => [`every ${spell(hours, false)} hours`, hours * 60] as const),
        ),
        ([water, ml], [reminder, minutes]) => {
          expect(extractForState(8, `${water} a day, ${reminder}`)).toEqual({
            status: 'ok',
            data: hydration(ml, minutes),
          });
        },
      ),
    );
  });

  it('when days and one 24-hour time are said, then exactly those workouts come back', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.integer({ min: 13, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        (days, hour, minute) => {
          const names = days.map((day) => DAY_SPELLINGS[day]?.[0] ?? '');
          const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
          const time = `${pad(hour)}:${pad(minute)}`;
          expect(extractForState(7, `${list} at ${time}`)).toEqual({
            status: 'ok',
            data: workouts(slots(days, time)),
          });
        },
      ),
    );
  });

  it('when goals are named in any order, then priorities follow that order with no goal twice', () => {
    const phrases: Record<Goal, string> = {
      fat_loss: 'lose weight',
      muscle_gain: 'build muscle',
      general_fitness: 'improve my endurance',
    };
    fc.assert(
      fc.property(fc.shuffledSubarray(['fat_loss', 'muscle_gain', 'general_fitness'] as Goal[], { minLength: 1 }), (order) => {
        const said = order.map((goal) => phrases[goal]).join(' and ');
        expect(extractForState(2, `I want to ${said}`)).toEqual({ status: 'ok', data: goals(...order) });
      }),
    );
  });

  const FILLER_WORDS = [
    'hello',
    'there',
    'i',
    'really',
    'like',
    'the',
    'app',
    'thanks',
    'what',
    'should',
    'we',
    'do',
    'next',
    'okay',
    'hmm',
    'cool',
    'great',
    'question',
    'about',
    'this',
    'please',
    'explain',
  ];
  const chatter = fc.array(fc.constantFrom(...FILLER_WORDS), { minLength: 0, maxLength: 12 }).map((words) => words.join(' '));

  it('when a message has no numbers, days, meals or times, then the number and schedule states take nothing', () => {
    fc.assert(
      fc.property(chatter, (message) => {
        for (const state of [5, 6, 7, 8] as const) expect(extractForState(state, message).status).toBe('none');
      }),
    );
  });

  const ITEMS = [
    'dumbbells',
    'bench',
    'kettlebell',
    'bad left knee',
    'sore lower back',
    'peanuts',
    'shellfish',
    'mushrooms',
    'lactose',
    'creatine',
    'vitamin D',
    'fish oil',
    'zinc',
  ];
  const CUES = ['I have', 'allergic to', 'no', "I don't like", 'intolerant to', 'I take', 'and', ',', 'vegan', 'but', 'also'];
  const mixed = fc
    .array(fc.oneof(fc.constantFrom(...ITEMS), fc.constantFrom(...CUES), fc.string({ maxLength: 8 })), {
      maxLength: 10,
    })
    .map((parts) => parts.join(' '));

  function listed(result: Extraction): string[] {
    if (result.status === 'none') return [];
    return Object.values(result.data).flatMap((value) =>
      Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [],
    );
  }

  it('when any listed item is returned for states 3, 4 and 9, then it appears in the message (case and quote marks folded)', () => {
    fc.assert(
      fc.property(mixed, (message) => {
        for (const state of [3, 4, 9] as const) {
          for (const item of listed(extractForState(state, message))) {
            expect(normalize(message)).toContain(item.toLowerCase());
          }
        }
      }),
    );
  });

  const STATE_FIELDS: Record<State, readonly string[]> = {
    1: ['fitness_level'],
    2: ['goals'],
    3: ['equipment', 'injuries', 'limitations'],
    4: ['diet_type'],
    5: ['daily_calorie_target', 'protein_percentage', 'carbs_percentage', 'fats_percentage'],
    6: ['meals', 'meal_name', 'scheduled_time'],
    7: ['workouts', 'day_of_week', 'scheduled_time'],
    8: ['daily_water_target_ml', 'reminder_frequency_minutes'],
    9: ['interested_in_supplements'],
  };

  it('when any text at all is given, then every state answers with a well-formed result', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 60 }), mixed), (message) => {
        for (const state of [1, 2, 3, 4, 5, 6, 7, 8, 9] as const) {
          const result = extractForState(state, message);
          if (result.status === 'none') {
            expect(result.missing.length).toBeGreaterThan(0);
            for (const field of result.missing) expect(STATE_FIELDS[state]).toContain(field);
          } else {
            expect(Object.keys(result.data).length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });
});

describe('partial answers joined with "; "', () => {
  const joined: ReadonlyArray<readonly [State, string, Data]> = [
    [3, 'I want to get to 75 kg; dumbbells', constraints(['dumbbells'], [], [], { target_weight_kg: 75 })],
    [4, 'allergic to peanuts; vegetarian', diet('vegetarian', ['peanuts'])],
    [5, '30/40/30; 2000', plan(2000, 30, 40, 30)],
    [6, 'breakfast and dinner; 8 and 7', meals(['breakfast', '08:00'], ['dinner', '19:00'])],
    [6, 'at 8, 1 and 7; breakfast, lunch and dinner', meals(['breakfast', '08:00'], ['lunch', '13:00'], ['dinner', '19:00'])],
    [7, 'Mon, Wed and Fri; 7am', workouts(slots([0, 2, 4], '07:00'))],
    [7, 'at 7am; weekdays', workouts(slots([0, 1, 2, 3, 4], '07:00'))],
    [8, '2 liters; every hour', hydration(2000, 60)],
  ];
  it.each(joined)('when state %i gets %j, then the pieces combine into one ok answer', (state, say, data) => {
    expect(extractForState(state, say)).toEqual({ status: 'ok', data });
  });
});

describe('message length', () => {
  it('when a message runs past the cap, then only its start is read', () => {
    const padding = ' and so on'.repeat(MAX_MESSAGE_CHARS / 10);
    expect(extractForState(1, `beginner${padding} advanced`)).toEqual({ status: 'ok', data: level('beginner') });
    expect(extractForState(1, `${padding} advanced`)).toEqual({ status: 'none', missing: ['fitness_level'] });
  });
});

describe('every part of the answer is placed by the state that reads it', () => {
  expectOk(3, [
    // A "no" stays with its own topic: the knee pain after "and" is said, not denied.
    { say: 'no equipment and right knee pain', data: constraints([], ['right knee'], []) },
    { say: 'nada de material y me duele la rodilla derecha', data: constraints([], ['right knee'], []) },
    { say: 'no injuries and dumbbells at home', data: constraints(['dumbbells'], [], []) },
    { say: "don't have equipment and my knee hurts", data: constraints([], ['knee'], []) },
    // Joined by "or" / "ni" one "no" covers the whole list.
    { say: 'no knee or back problems', data: constraints([], [], []) },
    { say: 'sin material ni lesiones', data: constraints([], [], []) },
    { say: 'only my bodyweight, and i have a hernia', data: constraints([], ['hernia'], []) },
  ]);
  expectUnsure(3, [
    // Words another state knows ("fitness") or none knows ("planet") are not equipment.
    { say: 'planet fitness membership, no injuries', data: constraints([], [], []) },
    { say: 'crossfit box, no injuries', data: constraints([], [], []) },
    // Does the "no" reach across "and"? Read as covering it, and asked.
    { say: 'no dumbbells and bench', data: constraints([], [], []) },
    { say: 'dumbbells, and my knees', data: constraints(['dumbbells'], ['knees'], []) },
  ]);
  expectOk(4, [
    { say: 'vegetarian, no meat and allergic to soy', data: diet('vegetarian', ['soy']) },
    { say: 'vegan no allergies and lactose intolerant', data: diet('vegan', [], ['lactose']) },
    { say: 'omnivore, no dairy and peanut allergy', data: diet('omnivore', ['peanut'], [], ['dairy']) },
  ]);
  expectUnsure(4, [
    // Someone else's allergy is not the user's.
    { say: 'omnivore, my son is allergic to peanuts', data: diet('omnivore', ['peanuts']) },
    { say: 'vegetariano, mi hija es alérgica al marisco', data: diet('vegetarian', ['marisco']) },
    // A sentence is not the name of a food.
    {
      say: 'i eat everything except mushrooms, and peanuts make me swell up',
      data: diet('omnivore', [], [], ['mushrooms', 'peanuts make me swell up']),
    },
    // "can't eat" does not say whether it is a dislike, an intolerance or an allergy.
    { say: "no restrictions but i can't eat gluten", data: diet('omnivore', [], [], ['gluten']) },
  ]);
  expectUnsure(6, [
    // Meals have no days: "weekends" is a word the meal state cannot place.
    { say: 'breakfast at 7 but on weekends at 10', data: meals(['breakfast', '07:00'], ['breakfast', '10:00']) },
  ]);
  expectUnsure(9, [
    { say: 'no protein powder and magnesium daily', data: supplements(false) },
    { say: 'fish oil, my wife takes iron', data: supplements(true, ['iron', 'fish oil']) },
  ]);
  expectOk(9, [{ say: 'tomo creatina y proteína, y me interesan recomendaciones', data: supplements(true, ['creatine', 'protein']) }]);
  expectOk(2, [
    { say: 'quiero perder peso y estar mas sano', data: goals('fat_loss', 'general_fitness') },
    { say: 'quiero estar fuerte, no me interesa adelgazar', data: goals('muscle_gain') },
  ]);
  expectUnsure(2, [
    // Two swapped letters find the word, and the reading is confirmed.
    { say: 'lose wieght', data: goals('fat_loss') },
    // Keeping muscle is not building it: asked, not assumed.
    { say: 'lose fat but keep my muscle', data: goals('fat_loss', 'muscle_gain') },
    // "strong" is known only in "get strong": said otherwise, it is not placed.
    { say: 'I want lose weight and be more strong', data: goals('fat_loss') },
  ]);
  expectOk(2, [
    // Only a said negation turns; the user's own "first" decides the order.
    { say: 'muscle is a priority, fat loss is not', data: goals('muscle_gain') },
    { say: 'fat loss is my goal', data: goals('fat_loss') },
    { say: 'both fat loss and muscle, muscle first', data: goals('muscle_gain', 'fat_loss') },
  ]);
  expectUnsure(1, [
    // Today's level counts, not the past one, even when today's is only described.
    { say: "I was advanced years ago, now I'm out of shape", data: level('beginner') },
  ]);
  expectUnsure(3, [{ say: "my knee used to hurt but it's fine now", data: constraints([], ['knee'], []) }]);
  expectUnsure(4, [
    // This state keeps what the user cannot eat; an allergy to cats is shown first.
    { say: 'omnivore, allergic to cats', data: diet('omnivore', ['cats']) },
    // A food the diet leaves out, said as eaten.
    { say: 'vegan but i eat eggs', data: diet('vegan') },
    { say: 'vegetarian but I eat chicken', data: diet('vegetarian') },
  ]);
});

describe('typo corrections', () => {
  it('when a typo is corrected to a word the state ignores, then the word is still unplaced', () => {
    const result = extractForState(3, 'planet fitness membership, no injuries');
    expect(result.status).toBe('unsure');
    if (result.status === 'unsure') expect(result.reason).toContain('planet');
  });

  it('when a typo under a negation is corrected, then the negation is applied without asking', () => {
    expect(extractForState(4, 'omnivore, no allergys')).toEqual({ status: 'ok', data: diet('omnivore') });
  });
});

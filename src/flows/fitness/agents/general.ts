import type { ChatMessage } from '../chatStore.js';

/** What the general agent knows about the user: their account and every saved onboarding state. */
export interface UserProfile {
  full_name: string | null;
  age: number | null;
  gender: string | null;
  height_cm: number | null;
  weight_kg: number | null;
  step_data: Record<string, unknown>;
}

export interface GeneralInput {
  message: string;
  profile: UserProfile;
  history: ChatMessage[];
}

/** The post-onboarding assistant (SPEC section 6: after onboarding only `general` answers). */
export interface GeneralAgent {
  reply(input: GeneralInput, signal?: AbortSignal): Promise<string>;
}

type Step = Record<string, unknown> | undefined;
const step = (p: UserProfile, n: number): Step => p.step_data[`step_${n}`] as Step;
const list = (v: unknown): string => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : 'none');
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One line per topic, built only from saved data: the offline agent never invents facts. */
const topics: Array<{ words: RegExp; line: (p: UserProfile) => string | null }> = [
  {
    words: /workout|train|exercis|gym|routine|session|plan/i,
    line: (p) => {
      const level = step(p, 1)?.fitness_level;
      const workouts = step(p, 7)?.workouts;
      const slots = Array.isArray(workouts)
        ? workouts.map((w: { day_of_week?: number; scheduled_time?: string }) => `${DAYS[w.day_of_week ?? 0]} ${w.scheduled_time}`).join(', ')
        : null;
      return level ? `You train at ${String(level)} level${slots ? `, scheduled on ${slots}` : ''}.` : null;
    },
  },
  {
    words: /goal|lose|fat|muscle|weight|progress/i,
    line: (p) => {
      const goals = step(p, 2)?.goals;
      if (!Array.isArray(goals)) return null;
      return `Your goals: ${goals.map((g: { goal_type?: string }) => String(g.goal_type).replace('_', ' ')).join(', ')}.`;
    },
  },
  {
    words: /eat|diet|food|meal|calor|protein|carb|macro|allerg/i,
    line: (p) => {
      const diet = step(p, 4);
      const plan = step(p, 5);
      if (!diet && !plan) return null;
      const parts = [];
      if (diet) parts.push(`a ${String(diet.diet_type)} diet (allergies: ${list(diet.allergies)})`);
      if (plan) {
        parts.push(
          `${String(plan.daily_calorie_target)} kcal a day at ${String(plan.protein_percentage)}/${String(plan.carbs_percentage)}/${String(plan.fats_percentage)} protein/carbs/fats`,
        );
      }
      return `You follow ${parts.join(' with ')}.`;
    },
  },
  {
    words: /water|hydrat|drink/i,
    line: (p) => {
      const h = step(p, 8);
      return h ? `Your water target is ${String(h.daily_water_target_ml)} ml a day, ${h.reminder_frequency_minutes === undefined ? 'without reminders' : `with a reminder every ${String(h.reminder_frequency_minutes)} minutes`}.` : null;
    },
  },
  {
    words: /supplement|creatine|vitamin|protein powder/i,
    line: (p) => {
      const s = step(p, 9);
      if (!s) return null;
      return s.interested_in_supplements ? `Supplements you take: ${list(s.current_supplements)}.` : 'You chose not to use supplements.';
    },
  },
];

/** The offline general agent: answers from the saved profile, deterministically. */
export const offlineGeneralAgent: GeneralAgent = {
  async reply({ message, profile }) {
    const hello = profile.full_name ? `Hi ${profile.full_name.split(' ')[0]}! ` : 'Hi! ';
    const relevant = topics.filter((t) => t.words.test(message)).map((t) => t.line(profile));
    const lines = (relevant.length > 0 ? relevant : topics.map((t) => t.line(profile))).filter((l): l is string => l !== null);
    const body = lines.length > 0 ? `Here is what I know from your profile. ${lines.join(' ')}` : 'Your profile is ready.';
    return `${hello}${body} Tell me what you would like to adjust and I will take it into account.`;
  },
};

/** Domain types of the guided onboarding flow. Pure: shared by the machine, copy and summary. */

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const MAIN_USE_VALUES = ['A', 'B', 'C'] as const;
export type MainUse = (typeof MAIN_USE_VALUES)[number];

export const STYLE_VALUES = ['1', '2', '3', '4', '5'] as const;
export type Style = (typeof STYLE_VALUES)[number];

/** What the summary generator (LLM or offline) receives. */
export interface SummaryInput {
  name: string;
  goal: string;
  mainUse: MainUse;
  style: Style;
  locale: Locale;
}

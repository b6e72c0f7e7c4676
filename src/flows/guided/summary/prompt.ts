/**
 * What the LLM is told about the goal before it writes the summary: the offline classification,
 * so the model and the validator judge the goal the same way. The guarded summary appends this
 * hint to the system prompt (summarySystemPrompt in guarded-summary-prompt.ts); a summary that
 * contradicts it is rejected by the validator and the offline summary stands. Pure.
 */
import type { Locale, SummaryInput } from '../../../../machines/guided/types.js';
import { classify, type GoalClassification } from './classify.js';

const HINTS: Record<Locale, Record<GoalClassification['kind'], string>> = {
  es: {
    harmful:
      'Clasificación previa: objetivo DAÑINO o ilegal. No lo reformules como algo a perseguir ni des pasos para lograrlo; di con respeto que no puedes apoyarlo y propón un objetivo seguro con pasos seguros.',
    distressed:
      'Clasificación previa: la persona expresa MALESTAR. Responde con cuidado y calma (sin tono eufórico ni exclamaciones), pasos suaves y, si encaja, sugiere apoyo de una persona de confianza o de un profesional.',
    vague: 'Clasificación previa: objetivo VAGO. Di con tacto que todavía no está claro y da pasos suaves para concretarlo.',
    unrealistic:
      'Clasificación previa: plazo POCO REALISTA. Replantéalo de forma realista (plazo de meses, avance gradual) y no prometas resultados.',
    off_topic: 'Clasificación previa: NO es un objetivo (pregunta o comentario). El paso 1 debe ser definir el objetivo.',
    clear: 'Clasificación previa: objetivo CLARO del área «{domain}». Reformúlalo con tus palabras y da pasos concretos de esa área.',
  },
  en: {
    harmful:
      'Prior classification: HARMFUL or illegal goal. Do not restate it as something to pursue or give steps towards it; say respectfully that you cannot support it and propose a safe goal with safe steps.',
    distressed:
      'Prior classification: the person is in DISTRESS. Answer with care and calm (no upbeat tone, no exclamation marks), gentle steps and, where it fits, suggest support from someone they trust or a professional.',
    vague: 'Prior classification: VAGUE goal. Say gently that it is not clear yet and give gentle steps to make it concrete.',
    unrealistic:
      'Prior classification: UNREALISTIC timeline. Reframe it realistically (a timeline of months, gradual progress) and promise no results.',
    off_topic: 'Prior classification: NOT a goal (a question or a remark). Step 1 must be to define the goal.',
    clear: 'Prior classification: CLEAR goal in the area "{domain}". Restate it in your own words and give concrete steps for that area.',
  },
};

/** The sentence to add to the summary prompt for this input. */
export function classificationHint(input: SummaryInput, c: GoalClassification = classify(input.goal)): string {
  const locale: Locale = input.locale === 'en' ? 'en' : 'es';
  return HINTS[locale][c.kind].replace('{domain}', c.domain);
}

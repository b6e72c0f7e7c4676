import { describe, it, expect } from 'vitest';
import type { SummaryInput } from '../machines/guided/types.js';
import { offlineSummary } from '../src/flows/guided/summary/offline.js';
import { classificationHint } from '../src/flows/guided/summary/prompt.js';
import { validateSummary } from '../src/flows/guided/summary/validate.js';

const input = (goal: string, locale: 'es' | 'en' = 'es'): SummaryInput => ({ name: 'Ana', goal, mainUse: 'A', style: '3', locale });

describe('validator on content', () => {
  it.each([
    [
      'quiero desquitarme de mi jefe',
      'es',
      '¡Vamos a por ello, Ana! Quieres desquitarte de tu jefe.\n1. Apunta lo que te hizo.\n2. Busca el momento de devolvérsela.',
      'harmful_not_redirected',
    ],
    [
      'ruin his reputation',
      'en',
      "Let's go, Ana! You want to ruin his reputation.\n1. Collect gossip about him.\n2. Spread rumours about him at work.",
      'harmful_not_redirected',
    ],
    [
      'estoy agobiado',
      'es',
      '¡Genial, Ana! Vamos a por todas.\n1. Haz una lista de tareas.\n2. Ponte una meta ambiciosa.',
      'distress_without_care',
    ],
    [
      'lose 20 kg by Friday',
      'en',
      'Ana, you will lose 20 kg by Friday with this plan.\n1. Eat less.\n2. Train twice a day.',
      'unrealistic_promise',
    ],
    ['whatever', 'en', 'Ana, great goal.\n1. Train three times a week.\n2. Track your meals.', 'vague_not_flagged'],
    ['tell me a joke', 'en', 'Ana, here is a plan.\n1. Laugh every day.\n2. Watch a comedy.', 'off_topic_not_defined'],
  ] as const)('when the goal is %j and the LLM summary contradicts it, then it is rejected', (goal, locale, text, reason) => {
    expect(validateSummary(text, input(goal, locale))).toEqual({ ok: false, reason });
  });

  it('when a summary for a harmful goal redirects to a safe goal, then it passes', () => {
    const text =
      'Ana, no puedo apoyar ese objetivo. Te propongo un objetivo seguro: gestionar lo que sientes.\n1. Escribe cómo te sientes.\n2. Habla con alguien de confianza.';
    expect(validateSummary(text, input('quiero desquitarme de mi jefe'))).toEqual({ ok: true });
  });

  it.each(['quiero desquitarme de mi jefe', 'estoy agobiado', 'ser millonario en una semana', 'ni idea', 'hola', 'leer más'])(
    'when the goal is %j, then the offline summary passes its own content check in both languages',
    (goal) => {
      for (const locale of ['es', 'en'] as const)
        expect(validateSummary(offlineSummary(input(goal, locale)), input(goal, locale))).toEqual({ ok: true });
    },
  );

  it('when the prompt hint is built, then it carries the classification in the user language', () => {
    expect(classificationHint(input('humillarla delante de todos'))).toMatch(/DAÑINO/u);
    expect(classificationHint(input('I feel low', 'en'))).toMatch(/DISTRESS/u);
    expect(classificationHint(input('learn spanish', 'en'))).toMatch(/CLEAR goal in the area "languages"/u);
  });
});

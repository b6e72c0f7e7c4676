/** Each offline avatar's voice and limits, in Spanish and English (pure: no database). */
import { describe, expect, it } from 'vitest';
import { loadAgentsRegistry } from '../src/agents/registry.js';
import { offlineReply } from '../src/flows/companion/offline.js';
import { HUMAN_HELP } from '../src/flows/companion/risk.js';
import type { CompanionTurn } from '../src/flows/companion/port.js';

const registry = loadAgentsRegistry();
const known = {
  locale: null,
  name: 'Marta',
  goal: 'Quiero correr 5 km',
  summary: 'Marta, tu objetivo es correr.\n1. Sal a caminar 20 minutos.\n2. Alterna trote y paseo.',
  selected_agent_id: null,
};
const turn = (id: string, locale: 'es' | 'en', message: string): CompanionTurn => ({
  agent: registry.avatar(id)!,
  locale,
  message,
  history: [],
  known,
});
const AVATARS = registry.avatars().map((a) => a.id);

describe.each(['es', 'en'] as const)('offline avatars in %s', (locale) => {
  it.each(AVATARS)('when %s is greeted, then it answers in its own voice with its name', (id) => {
    const a = registry.avatar(id)!;
    const text = offlineReply(turn(id, locale, locale === 'es' ? 'Hola' : 'Hello'));
    expect(text.startsWith(a.voice[locale].open)).toBe(true);
    expect(text).toContain(a.name);
  });

  it.each(AVATARS)('when the user of %s mentions self-harm, then the reply is serious and suggests human help', (id) => {
    const a = registry.avatar(id)!;
    const text = offlineReply(turn(id, locale, locale === 'es' ? 'a veces pienso en hacerme daño' : 'sometimes I want to hurt myself'));
    expect(text).toContain(HUMAN_HELP[locale]);
    expect(text.startsWith(a.voice[locale].open_serious)).toBe(true);
    expect(text).not.toContain(a.voice[locale].close);
  });

  it.each(AVATARS)('when the user of %s asks it to act outside the chat, then it says it cannot and promises nothing', (id) => {
    const text = offlineReply(
      turn(id, locale, locale === 'es' ? 'Recuérdame mañana ir al gimnasio' : 'Remind me tomorrow to go to the gym'),
    );
    expect(text).toContain(locale === 'es' ? 'no lo puedo hacer' : "can't do that");
    expect(text).not.toMatch(/\b(te lo recordaré|lo haré|I will remind|I'll remind|I will do)\b/i);
  });

  it('when the user of Pixel is sad, then Pixel turns serious: no joke sign-off', () => {
    const pixel = registry.avatar('light_fun')!;
    const text = offlineReply(turn('light_fun', locale, locale === 'es' ? 'Hoy estoy muy triste' : 'I feel really sad today'));
    expect(text.startsWith(pixel.voice[locale].open_serious)).toBe(true);
    expect(text).not.toContain(pixel.voice[locale].close);
  });

  it('when Aura is asked for a diagnosis, then it does not diagnose and points to a professional', () => {
    const text = offlineReply(
      turn('calm_companion', locale, locale === 'es' ? '¿Qué medicamento debería tomar?' : 'Which medication should I take?'),
    );
    expect(text).toContain(locale === 'es' ? 'No puedo diagnosticar' : "I can't diagnose");
  });

  it('when Atlas is asked a fact it does not have, then it says it does not know instead of inventing', () => {
    const text = offlineReply(
      turn('info_neutral', locale, locale === 'es' ? '¿Cuántos habitantes tiene Marte?' : 'How many people live on Mars?'),
    );
    expect(text).toContain(locale === 'es' ? 'No tengo datos fiables' : "I don't have reliable data");
  });

  it('when Kira is asked where to start, then it answers with the first step of the stored summary', () => {
    const text = offlineReply(turn('coach_motivator', locale, locale === 'es' ? '¿Por dónde empiezo?' : 'Where do I start?'));
    expect(text).toContain('Sal a caminar 20 minutos.');
  });

  it('when Nexo is asked about changing avatar, then it points to Settings', () => {
    const text = offlineReply(turn('direct_helper', locale, locale === 'es' ? 'Quiero cambiar de avatar' : 'I want to change my avatar'));
    expect(text).toContain(locale === 'es' ? 'Ajustes' : 'Settings');
  });
});

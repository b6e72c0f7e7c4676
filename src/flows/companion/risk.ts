/**
 * Words that mean a person may be at risk (self-harm, suicide, abuse, violence), in Spanish and
 * English. Matching is on accent-folded lower case; any hit makes the reply suggest human help.
 */
const RISK_PATTERNS: readonly RegExp[] = [
  // English
  /\b(kill(ing)? myself|end(ing)? (my|it all)|suicid\w*|self[- ]?harm\w*|hurt(ing)? myself|cut(ting)? myself|want to die|wanna die|don'?t want to (live|be alive|wake up)|no reason to live|better off dead|overdos\w*)\b/,
  /\b(starv(e|ing) myself|stop(ped)? eating (for days|entirely)|he (hits|beats) me|she (hits|beats) me|being abused|abus(es|ing) me|kill (him|her|them|someone))\b/,
  // Spanish
  /\b(suicid\w*|matarme|quitarme la vida|acabar con (todo|mi vida)|no quiero vivir|quiero morir(me)?|me quiero morir|hacerme dano|autolesion\w*|cortarme|sobredosis|mejor muert[oa]|no merece la pena vivir)\b/,
  /\b(dejar de comer|matarme de hambre|me pega|me maltrata|maltrato|matarl[oae]s?)\b/,
];

export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

export function detectsRisk(message: string): boolean {
  const t = fold(message);
  return RISK_PATTERNS.some((p) => p.test(t));
}

/** Where to find a person now; emergency numbers named only as examples, the user's local line comes first. */
export const HUMAN_HELP = {
  es: 'Si estás en peligro o piensas en hacerte daño, habla ahora con alguien de confianza o con un profesional, y llama a emergencias (112) o a una línea de ayuda (en España, el 024). No estás solo.',
  en: 'If you are in danger or thinking about hurting yourself, please reach out now to someone you trust or a professional, and call your local emergency number or a crisis line (in the US, 988). You are not alone.',
} as const;

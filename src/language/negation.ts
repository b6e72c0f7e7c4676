/**
 * Negation and opt-out that the per-word negator check cannot see: a negation said after the
 * thing it negates ("fat loss is not my thing"), and a refusal of reminders or notifications in
 * any of the ways people put it ("no reminders", "don't bother me with alerts", "no me avises"
 * arrives here already as "no reminders").
 */

const AFTER_NEGATION =
  /(^|[,.;!?]\s*|\bbut\s+)([\p{L}' -]{2,30}?)\s+(?:(?:is|are|'s)\s+(?:not|never)|isn't|aren't)\s+(?:really\s+)?(?:my thing|for me|my goal|what i want|a priority|important(?: to me)?)\b/giu;

/** "muscle is a priority, fat loss is not": the negation stands alone at the end of its clause. */
const BARE_NEGATION = /(^|[,.;!?]\s*|\bbut\s+)([\p{L}' -]{2,30}?)\s+(?:(?:is|are|'s)\s+not|isn't|aren't)(?=\s*(?:$|[,.;!?]))/giu;

/**
 * "fat loss is not my thing" -> "not fat loss"; the rest of the sentence is kept. Only a said
 * negation turns: "fat loss is my goal" stays as it is.
 */
export function negationsFirst(text: string): string {
  return text
    .replace(AFTER_NEGATION, (_all, lead: string, thing: string) => `${lead}not ${thing}`)
    .replace(BARE_NEGATION, (_all, lead: string, thing: string) => `${lead}not ${thing}`);
}

const NOTICE = String.raw`(?:reminders?|notifications?|notifs?|alerts?|pings?|nudges?|nagging|push(?: notifications)?|messages?|beeps?)`;
const OPT_OUT = new RegExp(
  [
    String.raw`\b(?:no|without|zero|disable|turn off|switch off|skip(?: the)?|none of the|no more|no need for(?: any)?)\s+${NOTICE}`,
    String.raw`\b(?:don't|do not|dont|never|no need to|not)\s+(?:want|need|like)?\s*(?:any\s+)?${NOTICE}`,
    String.raw`\b(?:don't|do not|dont|never|no need to|please don't|pls don't)\s+(?:remind|notify|ping|nudge|alert|bother|nag|buzz|message)\s+me`,
    // "dont send notifications", "never send me any alerts", "stop sending reminders".
    String.raw`\b(?:don't|do not|dont|never|please don't|pls don't|stop)\s+(?:send|sending|give|giving|push|pushing)\s+(?:me\s+)?(?:any\s+)?${NOTICE}`,
    String.raw`\b${NOTICE}\s+(?:off|disabled|not needed|no thanks|are annoying|annoy me)`,
    String.raw`\bi(?:'ll| will) remember (?:on my own|myself|by myself)`,
  ].join('|'),
  'iu',
);

const MENTIONS_NOTICE = new RegExp(String.raw`\b(?:remind|notify|nudge|bother|nag|buzz|${NOTICE})`, 'iu');

/** The user declines reminders / notifications. */
export function optsOut(text: string): boolean {
  return OPT_OUT.test(text);
}

/** The user talks about reminders / notifications at all (so ignoring it would be a misreading). */
export function mentionsNotices(text: string): boolean {
  return MENTIONS_NOTICE.test(text);
}

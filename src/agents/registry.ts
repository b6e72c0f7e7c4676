import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { STYLE_VALUES, type Style } from '../../machines/guided/types.js';

export const agentIdSchema = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'agent ids are snake_case');

const text = z.string().trim().min(1);
const perLocale = <T extends z.ZodType>(item: T) => z.strictObject({ es: item, en: item });
const voiceSchema = z.strictObject({ open: text, open_serious: text, close: text });

const baseAgent = {
  id: agentIdSchema,
  name: text,
  temperature: z.number().min(0).max(1),
  persona: perLocale(text),
  tone: perLocale(text),
  limits: perLocale(z.array(text).min(1)),
};

const agentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system'), ...baseAgent }),
  z.strictObject({ kind: z.literal('avatar'), ...baseAgent, style: z.enum(STYLE_VALUES), voice: perLocale(voiceSchema) }),
]);

const registrySchema = z.strictObject({ agents: z.array(agentSchema).min(1) }).superRefine((r, ctx) => {
  const seen = new Set<string>();
  const styles = new Set<string>();
  r.agents.forEach((a, i) => {
    if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `duplicate agent id ${a.id}` });
    seen.add(a.id);
    if (a.kind === 'avatar') {
      if (styles.has(a.style)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'style'], message: `style ${a.style} is used twice` });
      styles.add(a.style);
    }
  });
});

export type RegistryAgent = z.infer<typeof agentSchema>;
export type Avatar = Extract<RegistryAgent, { kind: 'avatar' }>;

/** The catalogue, indexed: avatars are the only agents a user may pick or chat with. */
export class AgentsRegistry {
  private readonly byId: Map<string, RegistryAgent>;
  constructor(readonly agents: readonly RegistryAgent[]) {
    this.byId = new Map(agents.map((a) => [a.id, a]));
  }
  get(id: string): RegistryAgent | undefined {
    return this.byId.get(id);
  }
  /** A selectable avatar, or undefined for unknown ids and system agents. */
  avatar(id: string): Avatar | undefined {
    const a = this.byId.get(id);
    return a?.kind === 'avatar' ? a : undefined;
  }
  avatars(): Avatar[] {
    return this.agents.filter((a): a is Avatar => a.kind === 'avatar');
  }
  byStyle(style: Style): Avatar | undefined {
    return this.avatars().find((a) => a.style === style);
  }
}

export const AGENTS_REGISTRY_PATH = fileURLToPath(new URL('./agents_registry.yaml', import.meta.url));

/** Parses and validates agents_registry.yaml; a bad file stops the start with the reason. */
export function loadAgentsRegistry(file = AGENTS_REGISTRY_PATH): AgentsRegistry {
  const parsed = registrySchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid agents registry ${file}: ${why}`);
  }
  return new AgentsRegistry(parsed.data.agents);
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { STYLE_VALUES } from '../../../machines/guided/types.js';

const agentId = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'agent ids are snake_case');

const mappingSchema = z.strictObject({
  styles: z.partialRecord(z.enum(STYLE_VALUES), agentId),
  fallback: agentId,
});

export type AgentsMapping = z.infer<typeof mappingSchema>;

export const AGENTS_MAPPING_PATH = fileURLToPath(new URL('./agents_mapping.yaml', import.meta.url));

/** Parses and validates agents_mapping.yaml; a bad file stops the start with the reason. */
export function loadAgentsMapping(file = AGENTS_MAPPING_PATH): AgentsMapping {
  const parsed = mappingSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`Invalid agents mapping ${file}: ${why}`);
  }
  return parsed.data;
}

export function resolveAgent(mapping: AgentsMapping, style: string | null): string {
  return (style !== null && mapping.styles[style as keyof AgentsMapping['styles']]) || mapping.fallback;
}

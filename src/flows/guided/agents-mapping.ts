import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { STYLE_VALUES } from '../../../machines/guided/types.js';
import { agentIdSchema as agentId, loadAgentsRegistry, type AgentsRegistry } from '../../agents/registry.js';

/** This service's own format: `styles` and a `fallback`. */
const ownSchema = z.strictObject({
  styles: z.partialRecord(z.enum(STYLE_VALUES), agentId),
  fallback: agentId,
  system_agents: z.record(z.string(), agentId).optional(),
});

/**
 * The original repository's format: `style_to_agent_slug` and `system_agents` (a name -> id map
 * or a list of ids). It names no fallback, so the product's fallback (calm_companion) applies.
 */
const originalSchema = z.strictObject({
  style_to_agent_slug: z.partialRecord(z.enum(STYLE_VALUES), agentId),
  system_agents: z.union([z.record(z.string(), agentId), z.array(agentId)]).optional(),
  fallback: agentId.optional(),
});

const DEFAULT_FALLBACK_AGENT = 'calm_companion';

export interface AgentsMapping {
  styles: Partial<Record<(typeof STYLE_VALUES)[number], string>>;
  fallback: string;
  system_agents: Record<string, string>;
}

const AGENTS_MAPPING_PATH = fileURLToPath(new URL('./agents_mapping.yaml', import.meta.url));

function reasons(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

function normalize(raw: unknown): AgentsMapping {
  const isOriginal = typeof raw === 'object' && raw !== null && 'style_to_agent_slug' in raw;
  if (isOriginal) {
    const o = originalSchema.safeParse(raw);
    if (!o.success) throw new Error(reasons(o.error));
    const sys = o.data.system_agents ?? {};
    return {
      styles: o.data.style_to_agent_slug,
      fallback: o.data.fallback ?? DEFAULT_FALLBACK_AGENT,
      system_agents: Array.isArray(sys) ? Object.fromEntries(sys.map((id) => [id, id])) : sys,
    };
  }
  const own = ownSchema.safeParse(raw);
  if (!own.success) throw new Error(reasons(own.error));
  return { styles: own.data.styles, fallback: own.data.fallback, system_agents: own.data.system_agents ?? {} };
}

/**
 * Parses and validates agents_mapping.yaml against the agents registry: every style and the
 * fallback must name a selectable avatar, every system agent a system agent. A bad file or an
 * unknown agent stops the start with the reason.
 */
export function loadAgentsMapping(file = AGENTS_MAPPING_PATH, registry: AgentsRegistry = loadAgentsRegistry()): AgentsMapping {
  let mapping: AgentsMapping;
  try {
    mapping = normalize(parse(readFileSync(file, 'utf8')));
  } catch (err) {
    throw new Error(`Invalid agents mapping ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const problems: string[] = [];
  for (const [style, id] of Object.entries(mapping.styles)) {
    if (!registry.avatar(id)) problems.push(`styles.${style}: ${id} is not a selectable agent of the registry`);
  }
  if (!registry.avatar(mapping.fallback)) problems.push(`fallback: ${mapping.fallback} is not a selectable agent of the registry`);
  for (const [name, id] of Object.entries(mapping.system_agents)) {
    if (registry.get(id)?.kind !== 'system') problems.push(`system_agents.${name}: ${id} is not a system agent of the registry`);
  }
  if (problems.length > 0) throw new Error(`Invalid agents mapping ${file}: ${problems.join('; ')}`);
  return mapping;
}

export function resolveAgent(mapping: AgentsMapping, style: string | null): string {
  return (style !== null && mapping.styles[style as keyof AgentsMapping['styles']]) || mapping.fallback;
}

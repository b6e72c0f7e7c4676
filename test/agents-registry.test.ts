import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTS_REGISTRY_PATH, loadAgentsRegistry } from '../src/agents/registry.js';
import { loadAgentsMapping, resolveAgent } from '../src/flows/guided/agents-mapping.js';

const dir = mkdtempSync(path.join(tmpdir(), 'agents-registry-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('agents_registry.yaml', () => {
  it('when the shipped registry is loaded, then it holds the two system agents and the five avatars with their names, styles and temperatures', () => {
    const r = loadAgentsRegistry();
    expect(r.get('andhis_default')?.kind).toBe('system');
    expect(r.get('guide_neutral')?.kind).toBe('system');
    expect(r.avatar('andhis_default')).toBeUndefined();
    expect(r.avatars().map((a) => [a.id, a.name, a.style, a.temperature])).toEqual([
      ['calm_companion', 'Aura', '1', 0.7],
      ['direct_helper', 'Nexo', '2', 0.5],
      ['coach_motivator', 'Kira', '3', 0.7],
      ['light_fun', 'Pixel', '4', 0.8],
      ['info_neutral', 'Atlas', '5', 0.4],
    ]);
    for (const a of r.agents) {
      for (const locale of ['es', 'en'] as const) {
        expect(a.persona[locale].length).toBeGreaterThan(0);
        expect(a.limits[locale].length).toBeGreaterThan(0);
      }
    }
  });

  it.each([
    ['a duplicate id', (t: string) => t.replace('id: direct_helper', 'id: calm_companion'), /duplicate agent id/],
    ['a temperature above 1', (t: string) => t.replace('temperature: 0.8', 'temperature: 1.8'), /temperature/],
    ['an avatar without voice', (t: string) => t.replace(/ {4}voice:\n(?: {6}.*\n){2}/, ''), /voice/],
    ['a style used twice', (t: string) => t.replace('style: "2"', 'style: "1"'), /style 1 is used twice/],
  ])('when the registry has %s, then loading fails with the reason', (_what, edit, reason) => {
    const bad = edit(readFileSync(AGENTS_REGISTRY_PATH, 'utf8'));
    expect(() => loadAgentsRegistry(file('bad-registry.yaml', bad))).toThrow(reason);
  });
});

describe('agents_mapping.yaml against the registry', () => {
  it('when the mapping names an agent the registry does not have, then loading fails naming it', () => {
    const p = file('unknown.yaml', 'styles:\n  "1": ghost_agent\nfallback: calm_companion\n');
    expect(() => loadAgentsMapping(p)).toThrow(/ghost_agent is not a selectable agent/);
  });

  it('when a style maps to a system agent, then loading fails: system agents are not selectable', () => {
    const p = file('system.yaml', 'styles:\n  "1": andhis_default\nfallback: calm_companion\n');
    expect(() => loadAgentsMapping(p)).toThrow(/andhis_default is not a selectable agent/);
  });

  it("when the file uses the original repository's format, then styles resolve and system agents are kept", () => {
    const p = file(
      'original.yaml',
      'style_to_agent_slug:\n  "1": calm_companion\n  "3": coach_motivator\nsystem_agents:\n  default: andhis_default\n  onboarding: guide_neutral\n',
    );
    const m = loadAgentsMapping(p);
    expect(resolveAgent(m, '3')).toBe('coach_motivator');
    expect(resolveAgent(m, '5')).toBe('calm_companion');
    expect(m.system_agents).toEqual({ default: 'andhis_default', onboarding: 'guide_neutral' });
  });

  it('when the original format lists system agents as a list, then it is accepted; a non-system id there is refused', () => {
    const ok = file('original-list.yaml', 'style_to_agent_slug:\n  "2": direct_helper\nsystem_agents: [andhis_default, guide_neutral]\n');
    expect(loadAgentsMapping(ok).system_agents).toEqual({ andhis_default: 'andhis_default', guide_neutral: 'guide_neutral' });
    const bad = file('original-bad.yaml', 'style_to_agent_slug:\n  "2": direct_helper\nsystem_agents: [light_fun]\n');
    expect(() => loadAgentsMapping(bad)).toThrow(/light_fun is not a system agent/);
  });
});

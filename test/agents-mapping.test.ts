import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgentsMapping, resolveAgent } from '../src/flows/guided/agents-mapping.js';

const dir = mkdtempSync(path.join(tmpdir(), 'agents-mapping-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('agents_mapping.yaml', () => {
  it('when the shipped file is loaded, then every style resolves to the agent the behaviour reference names', () => {
    const mapping = loadAgentsMapping();
    expect(['1', '2', '3', '4', '5'].map((s) => resolveAgent(mapping, s))).toEqual([
      'calm_companion',
      'direct_helper',
      'coach_motivator',
      'light_fun',
      'info_neutral',
    ]);
  });

  it('when nothing resolves, then the fallback calm_companion is used', () => {
    const mapping = loadAgentsMapping(file('partial.yaml', 'styles:\n  "2": direct_helper\nfallback: calm_companion\n'));
    expect(resolveAgent(mapping, '4')).toBe('calm_companion');
    expect(resolveAgent(mapping, null)).toBe('calm_companion');
    expect(resolveAgent(mapping, '2')).toBe('direct_helper');
  });

  it.each([
    ['an unknown style key', 'styles:\n  "9": calm_companion\nfallback: calm_companion\n', /styles/],
    ['no fallback', 'styles:\n  "1": calm_companion\n', /fallback/],
    ['an agent id that is not snake_case', 'styles:\n  "1": Calm Companion\nfallback: calm_companion\n', /snake_case/],
    ['an unknown top-level key', 'styles: {}\nfallback: calm_companion\nextra: 1\n', /extra|Unrecognized/i],
  ])('when the file has %s, then loading fails with the reason', (_what, text, reason) => {
    expect(() => loadAgentsMapping(file('bad.yaml', text))).toThrow(reason);
  });
});

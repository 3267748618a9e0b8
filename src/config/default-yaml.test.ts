import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { configToYaml, defaultConfigYaml } from './default-yaml.js';
import { parseConfigText } from './load.js';
import { defaultConfig, parseConfig } from './parse.js';

describe('defaultConfigYaml', () => {
  const text = defaultConfigYaml();

  it('parses back to exactly the default config', () => {
    expect(parseConfigText(text, 'nmrbot.yaml')).toEqual(defaultConfig());
  });

  it('writes a comment line before every field it sets', () => {
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (/^\s*[A-Za-z]+:/.test(line)) {
        expect(lines[i - 1], `line ${i + 1} "${line}" needs a comment above it`).toMatch(/^\s*#/);
      }
    });
  });

  it('shows the profile-derived leverage and the unset optional fields commented out', () => {
    expect(text).toContain('  # maxLeverage: 3\n');
    expect(text).toContain('    # calendarFile: ./events.yaml\n');
    expect(text).toContain('  # url: postgres://nmrbot@localhost:5432/nmrbot\n');
  });

  it('gives the profile cap to maxLeverage when only the profile is edited', () => {
    const edited = text.replace('profile: standard', 'profile: experienced');
    expect(parseConfigText(edited, 'nmrbot.yaml').risk.maxLeverage).toBe(5);
  });

  it('writes the playbook numbers as plain values', () => {
    expect(text).toContain('  stopLossPct: 0.025\n');
    expect(text).toContain('    movePct: 0.08\n');
    expect(text).toContain('    price: 0.4\n');
  });
});

describe('configToYaml', () => {
  it('prints a config that reads back to the same config', () => {
    const config = parseConfig({ risk: { profile: 'beginner' }, journal: { url: 'sqlite:./journal.db' } });
    const text = configToYaml(config, 'resolved');
    expect(text.startsWith('# resolved\n')).toBe(true);
    expect(parseConfig(parse(text))).toEqual(config);
  });
});

import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from './api.js';

describe('command registry', () => {
  it('lists exactly the command files in this folder', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'api.ts' && !f.startsWith('_'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(commands).sort()).toEqual(files);
  });

  it.each(Object.entries(commands))(
    '%s registers a command of that name with help examples',
    (id, register) => {
      const program = new Command('bulwark');
      const cmd = register(program);
      expect(cmd.name()).toBe(id);
      let help = '';
      cmd.configureOutput({ writeOut: (s) => (help += s) });
      cmd.outputHelp();
      expect(help).toMatch(/Examples:/);
    },
  );
});

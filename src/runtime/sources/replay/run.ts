// Wiring for `bulwark runtime replay`: rules + an events file (or stdin) + alert outputs.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileKind } from '../../../core/input-file.js';
import { BulwarkError, wrapError } from '../../../core/errors.js';
import { createAlertOutputs, type OutputsConfig, type SinkStats } from '../../alerts/index.js';
import type { LoadOptions } from '../../rules/load.js';
import { requireRules } from '../../rules/require.js';
import { LineTooLongError } from './lines.js';
import { replay, type ReplayStats } from './replay.js';

export interface ReplayRun {
  rules: string[];
  /** Path of a JSON-lines file, or `-` for standard input. */
  events: string;
  outputs: OutputsConfig;
  load?: LoadOptions;
}

export async function runReplay(run: ReplayRun): Promise<ReplayStats & { delivery: SinkStats }> {
  const { ruleset } = await requireRules(run.rules, run.load);
  let source: AsyncIterable<Buffer | string>;
  if (run.events === '-') {
    source = process.stdin;
  } else {
    try {
      const st = await stat(run.events);
      if (st.isDirectory())
        throw new BulwarkError('USAGE', `${run.events} is a directory; pass a JSON-lines events file`);
      // A FIFO would block the open, a device never ends: a pipe comes in as `-` (stdin).
      if (!st.isFile())
        throw new BulwarkError(
          'INVALID_INPUT',
          `events file ${run.events} is a ${fileKind(st)}, not a regular file; pipe events to - (stdin) instead`,
        );
    } catch (err) {
      if (err instanceof BulwarkError) throw err;
      throw new BulwarkError(
        'NOT_FOUND',
        `events file ${run.events} not found; pass a JSON-lines file or - for stdin`,
        { cause: err },
      );
    }
    source = createReadStream(run.events);
  }
  const sink = createAlertOutputs(run.outputs);
  try {
    const stats = await replay(source, ruleset, (a) => sink.write(a));
    await sink.flush();
    return { ...stats, delivery: sink.stats() };
  } catch (err) {
    if (err instanceof LineTooLongError)
      throw new BulwarkError('LIMIT_EXCEEDED', `${run.events}: ${err.message}`);
    throw wrapError(`failed to replay ${run.events}`, err, 'INVALID_INPUT');
  } finally {
    await sink.close();
  }
}

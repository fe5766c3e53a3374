// Alerts appended to a file (created with mode 0600: alerts can carry command lines and paths).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { AlertSink, SinkOptions } from '../types.js';
import { createStreamSink } from './stream.js';

export const id = 'file';

export function create(target: string, opts: SinkOptions): AlertSink {
  const stream = createWriteStream(target, { flags: 'a', mode: 0o600 });
  let error: Error | undefined;
  stream.on('error', (err) => {
    error = err;
    opts.notice?.(`cannot write alerts to ${target}: ${err.message}`);
  });
  const inner = createStreamSink(stream, opts, id);
  return {
    ...inner,
    async close(): Promise<void> {
      await inner.flush();
      if (!error) {
        stream.end();
        await once(stream, 'close').catch(() => undefined);
      }
    },
  };
}

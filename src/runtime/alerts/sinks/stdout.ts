// Alerts to standard output, one per line.
import type { AlertSink, SinkOptions } from '../types.js';
import { createStreamSink } from './stream.js';

export const id = 'stdout';

export function create(_target: string, opts: SinkOptions): AlertSink {
  return createStreamSink(process.stdout, opts, id);
}

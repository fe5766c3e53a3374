// The explicit registry of alert sinks: id → module (architecture.md convention 2). A test checks it
// equals the sinks/ folder listing (minus the shared stream helper).
import * as file from './sinks/file.js';
import * as stdout from './sinks/stdout.js';
import * as webhook from './sinks/webhook.js';
import type { AlertSink, SinkOptions } from './types.js';

export interface SinkModule {
  id: string;
  create(target: string, opts: SinkOptions): AlertSink;
}

export const sinks: Record<string, SinkModule> = {
  [stdout.id]: stdout,
  [file.id]: file,
  [webhook.id]: webhook,
};

// Progress bars on a TTY only; in CI and pipes long work stays silent apart from notices.
import type { SingleBar } from 'cli-progress';

export interface Progress {
  start(total: number, label: string): void;
  increment(by?: number): void;
  setTotal(total: number): void;
  stop(): void;
}

const silent: Progress = { start() {}, increment() {}, setTotal() {}, stop() {} };

export async function createProgress(
  enabled = Boolean(process.stderr.isTTY) && !process.env.CI,
): Promise<Progress> {
  if (!enabled) return silent;
  const { default: cliProgress } = await import('cli-progress');
  let bar: SingleBar | undefined;
  return {
    start(total, label) {
      bar = new cliProgress.SingleBar(
        {
          format: `${label} [{bar}] {percentage}% {value}/{total}`,
          stream: process.stderr,
          clearOnComplete: true,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    increment(by = 1) {
      bar?.increment(by);
    },
    setTotal(total) {
      bar?.setTotal(total);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

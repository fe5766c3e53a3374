// Size and count budgets that make hostile layers fail fast (decompression bombs, entry floods).
// ref: ImageLimits in ../types.ts. The ratio test waits for 64 MiB of output, because small,
// highly compressible layers (a few config files, empty directories) are normal.
import { BulwarkError } from '../../core/errors.js';
import { DEFAULT_LIMITS, type ImageLimits } from '../types.js';

export const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

export function resolveLimits(partial?: Partial<ImageLimits>): ImageLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(partial ?? {})) {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) (out as Record<string, number>)[k] = v;
  }
  return out;
}

export class LayerBudget {
  stored = 0;
  uncompressed = 0;
  entries = 0;

  constructor(
    readonly limits: ImageLimits,
    readonly what: string,
    /** Compressed layers only: the ratio test makes no sense for a plain tar. */
    public compressed = true,
  ) {}

  addStored(n: number): void {
    this.stored += n;
  }

  addUncompressed(n: number): void {
    this.uncompressed += n;
    if (this.uncompressed > this.limits.maxLayerBytes) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${this.what}: layer inflates past ${this.limits.maxLayerBytes} bytes (maxLayerBytes); refusing a possible decompression bomb`,
      );
    }
    if (
      this.compressed &&
      this.uncompressed > RATIO_FLOOR_BYTES &&
      this.uncompressed > this.limits.maxCompressionRatio * Math.max(1, this.stored)
    ) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${this.what}: compression ratio exceeds ${this.limits.maxCompressionRatio}:1 ` +
          `(${this.uncompressed} bytes from ${this.stored}); refusing a decompression bomb`,
      );
    }
  }

  addEntry(): void {
    this.entries++;
    if (this.entries > this.limits.maxEntries) {
      throw new BulwarkError(
        'LIMIT_EXCEEDED',
        `${this.what}: more than ${this.limits.maxEntries} entries (maxEntries); refusing an entry flood`,
      );
    }
  }
}

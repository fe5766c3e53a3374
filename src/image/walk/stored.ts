// The stored (possibly compressed) bytes of a blob, hashed as they stream past. Every byte goes
// through the digest exactly once; when decoding fails part-way, `drain()` reads the rest so the
// digest can still be checked: a corrupt blob is reported as DIGEST_MISMATCH, the root cause,
// rather than as whatever the decoder tripped over. ref: OCI image-spec descriptor.md, "Verification".
import { BulwarkError } from '../../core/errors.js';
import { DigestVerifier, type ParsedDigest } from '../digest.js';

export class StoredBlob {
  private readonly it: AsyncIterator<Uint8Array>;
  private readonly verifier: DigestVerifier | null;
  private queue: Promise<unknown> = Promise.resolve();
  ended = false;
  bytes = 0;
  /** An error the source itself threw (I/O, network): it wins over anything decoding reports. */
  sourceError: unknown = null;

  constructor(
    source: AsyncIterable<Uint8Array>,
    private readonly what: string,
    expected: ParsedDigest | null,
    /** Size from the descriptor: reading stops one byte past it, so an oversized blob cannot stream forever. */
    private readonly expectedSize: number | null,
    private readonly onBytes: (n: number) => void = () => {},
  ) {
    this.it = source[Symbol.asyncIterator]();
    this.verifier = expected ? new DigestVerifier(expected) : null;
  }

  /** One chunk, or null at the end. Calls are serialised so draining never races the reader. */
  pull(): Promise<Buffer | null> {
    const next = this.queue.then(() => this.pullNow());
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async pullNow(): Promise<Buffer | null> {
    if (this.ended) return null;
    let r: IteratorResult<Uint8Array>;
    try {
      r = await this.it.next();
    } catch (err) {
      this.ended = true;
      this.sourceError = err;
      throw err;
    }
    if (r.done) {
      this.ended = true;
      return null;
    }
    const v = r.value;
    const chunk = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    this.bytes += chunk.length;
    this.verifier?.update(chunk);
    this.onBytes(chunk.length);
    if (this.expectedSize !== null && this.bytes > this.expectedSize) {
      this.ended = true;
      await this.close();
      throw new BulwarkError(
        'DIGEST_MISMATCH',
        `${this.what}: blob is larger than the ${this.expectedSize} bytes its descriptor declares`,
      );
    }
    return chunk;
  }

  /** The chunks, as an async generator that does not close the source when abandoned. */
  async *chunks(): AsyncGenerator<Buffer> {
    for (;;) {
      const c = await this.pull();
      if (c === null) return;
      yield c;
    }
  }

  /** Read and hash whatever is left (bounded by the descriptor size). */
  async drain(): Promise<void> {
    while ((await this.pull()) !== null) {
      /* hashing happens in pull */
    }
  }

  /** Release the source (file handle, socket) without reading further. */
  async close(): Promise<void> {
    this.ended = true;
    try {
      await this.it.return?.();
    } catch {
      /* already failed; the original error is what matters */
    }
  }

  private outcome: BulwarkError | null | undefined;

  /** After the end: size and digest must both match. Idempotent. */
  check(): void {
    const err = this.problem();
    if (err) throw err;
  }

  /** The size or digest problem of the bytes read (after drain: all of them), or null. */
  problem(): BulwarkError | null {
    if (this.outcome !== undefined) return this.outcome;
    this.outcome = null;
    if (this.expectedSize !== null && this.bytes < this.expectedSize) {
      this.outcome = new BulwarkError(
        'TRUNCATED',
        `${this.what}: blob ends after ${this.bytes} of ${this.expectedSize} bytes; the file is truncated`,
      );
    } else {
      try {
        this.verifier?.check(this.what);
      } catch (err) {
        this.outcome = err as BulwarkError;
      }
    }
    return this.outcome;
  }
}

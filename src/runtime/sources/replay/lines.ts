// Splitting a byte stream into lines with a hard per-line limit, so a file without newlines (or a
// hostile stream) cannot grow memory without bound.
import { StringDecoder } from 'node:string_decoder';

export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export class LineTooLongError extends Error {
  constructor(
    readonly lineNo: number,
    readonly limit: number,
  ) {
    super(`line ${lineNo} is longer than ${limit} bytes`);
  }
}

/** Yields lines (without the newline, CR stripped) with their 1-based numbers. */
export async function* readLines(
  source: AsyncIterable<Buffer | string>,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<{ lineNo: number; text: string }> {
  const decoder = new StringDecoder('utf8');
  let buf = '';
  let lineNo = 0;
  for await (const chunk of source) {
    buf += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf('\n', start);
      if (nl < 0) break;
      lineNo++;
      let text = buf.slice(start, nl);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      start = nl + 1;
      yield { lineNo, text };
    }
    buf = start > 0 ? buf.slice(start) : buf;
    if (buf.length > maxLineBytes) throw new LineTooLongError(lineNo + 1, maxLineBytes);
  }
  buf += decoder.end();
  if (buf.length > 0) {
    if (buf.length > maxLineBytes) throw new LineTooLongError(lineNo + 1, maxLineBytes);
    lineNo++;
    yield { lineNo, text: buf.endsWith('\r') ? buf.slice(0, -1) : buf };
  }
}

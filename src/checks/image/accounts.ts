// /etc/passwd, /etc/shadow and /etc/group as colon-separated records (passwd(5), shadow(5), group(5)).
import { fileAt, type ImageContext } from './context.js';

export function records(ctx: ImageContext, path: string): { fields: string[]; line: number }[] {
  const content = fileAt(ctx, path)?.content;
  if (!content) return [];
  return content
    .split('\n')
    .map((l, i) => ({ fields: l.split(':'), line: i + 1 }))
    .filter((r) => r.fields.length >= 2 && r.fields[0] !== '' && !r.fields[0]!.startsWith('#'));
}

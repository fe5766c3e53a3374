// Image checks as a pure function: the image config and file facts in, findings out. File is the
// image path a finding is about (the account database for /etc findings), else the image config.
import type { Misconfiguration } from '../../core/model.js';
import type { ImageContext } from './context.js';
import { imageRules } from './rules/api.js';

export function checkImage(ctx: ImageContext, opts: { only?: ReadonlySet<string> } = {}): Misconfiguration[] {
  const out: Misconfiguration[] = [];
  for (const rule of Object.values(imageRules)) {
    if (opts.only && !opts.only.has(rule.id)) continue;
    for (const hit of rule.check(ctx)) {
      const etc = /^\/(etc\/(passwd|shadow|group)):/.exec(hit.message);
      const file = etc ? `/${etc[1]}` : (/^\/(\S+) /.exec(hit.message)?.[0].trim() ?? 'image config');
      out.push({
        id: rule.id,
        refs: [...rule.refs],
        severity: rule.severity,
        title: rule.title,
        file,
        ...(hit.line !== undefined ? { line: hit.line } : {}),
        message: hit.message,
      });
    }
  }
  return out;
}

// Rule documentation pages, generated from the rule data so they cannot drift:
// docs/rules/<family>/<name>.md per rule and docs/rules/README.md (index and cross-reference).
// `npx tsx scripts/rule-docs.ts` writes them; a test checks the files are current.
import { DOCKERFILE_CONTROLS, K8S_CONTROLS } from './cross-reference.js';
import { pssChecks } from './kubernetes/pss/api.js';
import { RULE_FAMILIES } from './registry.js';
import type { Rule } from './rule.js';

const FENCE: Record<string, string> = {
  k8s: 'yaml',
  compose: 'yaml',
  dockerfile: 'dockerfile',
  oci: 'json',
  image: 'json',
};

function page(rule: Rule<never>): string {
  const [family, name] = rule.id.split(':') as [string, string];
  const lang = FENCE[family] ?? '';
  const example = (t: string) =>
    `\`\`\`${lang}\n${lang === 'json' ? JSON.stringify(JSON.parse(t), null, 2) : t.trimEnd()}\n\`\`\``;
  return [
    `# ${rule.id}: ${rule.title}`,
    '',
    `Severity: **${rule.severity}**  `,
    `Peer ids: ${rule.refs.map((r) => `\`${r}\``).join(', ') || '(none)'}  `,
    `Source: \`src/checks/${RULE_FAMILIES.find((f) => f.family === family)!.dir}/${name}.ts\``,
    '',
    '## Why',
    '',
    rule.docs.description,
    '',
    '## Fix',
    '',
    rule.docs.remediation,
    ...(rule.docs.references?.length
      ? ['', '## References', '', ...rule.docs.references.map((r) => `- ${r}`)]
      : []),
    '',
    '## Passes',
    '',
    ...rule.examples.good.map(example).flatMap((e) => [e, '']),
    '## Fails',
    '',
    ...rule.examples.bad.map(example).flatMap((e) => [e, '']),
  ].join('\n');
}

function index(): string {
  const out = [
    '# Bulwark configuration rules',
    '',
    'Generated from `src/checks` by `npx tsx scripts/rule-docs.ts`; do not edit by hand.',
    '',
    '`bulwark config` runs the Dockerfile, Kubernetes, Compose and OCI runtime rules; `bulwark image` runs the image rules.',
    'With `--pss LEVEL[:VERSION]` Kubernetes objects are evaluated against the Pod Security Standards instead, reported as',
    `\`pss:<checkId>\` with the upstream check ids: ${Object.keys(pssChecks)
      .sort()
      .map((id) => `\`${id}\``)
      .join(', ')}.`,
    '',
  ];
  for (const f of RULE_FAMILIES) {
    out.push(`## ${f.title}`, '', '| Rule | Severity | Title | Peer ids |', '|---|---|---|---|');
    for (const [name, r] of Object.entries(f.rules)) {
      out.push(`| [${r.id}](${f.family}/${name}.md) | ${r.severity} | ${r.title} | ${r.refs.join(', ')} |`);
    }
    out.push('');
  }
  out.push(
    '## Cross-reference to the peer catalogues',
    '',
    'Rows of `rule-union.csv` and `dockerfile-rule-union.csv` (shared fixtures) and the rules that cover them.',
    '',
  );
  out.push('| Control | Bulwark rules |', '|---|---|');
  for (const [control, ids] of [...Object.entries(K8S_CONTROLS), ...Object.entries(DOCKERFILE_CONTROLS)]) {
    out.push(`| ${control.replace(/\|/g, '\\|')} | ${ids.map((i) => `\`${i}\``).join(', ')} |`);
  }
  out.push('');
  return out.join('\n');
}

/** Every generated page: path relative to the repository root → content. */
export function ruleDocs(): Map<string, string> {
  const docs = new Map<string, string>([['docs/rules/README.md', index()]]);
  for (const f of RULE_FAMILIES) {
    for (const [name, r] of Object.entries(f.rules)) docs.set(`docs/rules/${f.family}/${name}.md`, page(r));
  }
  return docs;
}

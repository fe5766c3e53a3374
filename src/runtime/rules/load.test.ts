import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import { loadRules, loadRulesFromTexts, type LoadResult } from './load.js';

const FILES = [
  'falco_rules.yaml',
  'falco-incubating_rules.yaml',
  'falco-sandbox_rules.yaml',
  'k8s_audit_rules.yaml',
];

describeWithFixtures(
  'loading the Falco rules files unmodified (acceptance 1)',
  FILES.map((f) => `falco/${f}`),
  () => {
    it.each([
      ['falco_rules.yaml', 25, 87, 49],
      ['falco-incubating_rules.yaml', 31, 82, 54],
      ['falco-sandbox_rules.yaml', 37, 183, 60],
      ['k8s_audit_rules.yaml', 48, 45, 18],
    ])('%s: %i rules, %i macros, %i lists, no errors', async (file, rules, macros, lists) => {
      const r = await loadRules([fixture('falco', file)]);
      expect(r.errors).toEqual([]);
      expect(r.stats).toEqual({ rules, macros, lists });
    });

    it('loads all four together, in order, with no errors', async () => {
      const r = await loadRules(FILES.map((f) => fixture('falco', f)));
      expect(r.errors).toEqual([]);
      expect(r.requiredEngineVersion).toBe('0.57.0');
      expect(r.requiredPluginVersions.map((alts) => alts[0]!.name)).toEqual(
        expect.arrayContaining(['container', 'k8saudit', 'json']),
      );
      const bySource = (s: string): number => r.ruleset.rules.filter((x) => x.source === s).length;
      expect(bySource('k8s_audit')).toBe(48);
      // 12 sandbox rules ship disabled.
      expect(r.ruleset.rules.filter((x) => !x.enabled).map((x) => x.name)).toHaveLength(12);
    });

    it('stable priorities: 14 Warning, 7 Notice, 3 Critical, 1 Informational', async () => {
      const r = await loadRules([fixture('falco', 'falco_rules.yaml')]);
      const count: Record<string, number> = {};
      for (const x of r.ruleset.rules) count[x.priority] = (count[x.priority] ?? 0) + 1;
      expect(count).toEqual({ Warning: 14, Notice: 7, Critical: 3, Informational: 1 });
    });
  },
);

function load(...texts: string[]): LoadResult {
  return loadRulesFromTexts(texts.map((content, i) => ({ name: `f${i + 1}.yaml`, content })));
}

const ev = (f: Record<string, unknown>) => ({
  source: 'syscall' as const,
  fields: { 'evt.type': 'execve', ...f },
});
const fired = (r: LoadResult, f: Record<string, unknown>): string[] =>
  r.ruleset.evaluate(ev(f)).map((a) => a.rule);

const BASE = `
- list: shells
  items: [bash, sh]
- macro: spawned
  condition: evt.type in (execve, execveat)
- rule: Shell
  desc: a shell
  condition: spawned and proc.name in (shells)
  output: shell %proc.name
  priority: WARNING
`;

describe('rules language semantics', () => {
  it('appends to lists with override and legacy append (with a deprecation warning)', () => {
    const r = load(
      BASE,
      '- list: shells\n  items: [zsh]\n  override:\n    items: append\n',
      '- list: shells\n  items: [fish]\n  append: true\n',
    );
    expect(r.errors).toEqual([]);
    expect(fired(r, { 'proc.name': 'zsh' })).toEqual(['Shell']);
    expect(fired(r, { 'proc.name': 'fish' })).toEqual(['Shell']);
    expect(fired(r, { 'proc.name': 'bash' })).toEqual(['Shell']);
    expect(r.warnings.map((w) => w.code)).toContain('LOAD_DEPRECATED_ITEM');
  });

  it('replaces list items and macro conditions', () => {
    const r = load(BASE, '- list: shells\n  items: [zsh]\n  override:\n    items: replace\n');
    expect(fired(r, { 'proc.name': 'bash' })).toEqual([]);
    expect(fired(r, { 'proc.name': 'zsh' })).toEqual(['Shell']);
    const m = load(
      BASE,
      '- macro: spawned\n  condition: evt.type = clone\n  override:\n    condition: replace\n',
    );
    expect(fired(m, { 'proc.name': 'bash' })).toEqual([]);
    expect(
      m.ruleset
        .evaluate({ source: 'syscall', fields: { 'evt.type': 'clone', 'proc.name': 'bash' } })
        .map((a) => a.rule),
    ).toEqual(['Shell']);
  });

  it('appends to a rule condition and replaces priority, output, tags and enabled', () => {
    const r = load(
      BASE,
      `- rule: Shell
  condition: and not proc.pname = sshd
  output: (via %proc.pname)
  override:
    condition: append
    output: append
- rule: Shell
  priority: CRITICAL
  tags: [x, a]
  override:
    priority: replace
    tags: replace
`,
    );
    expect(r.errors).toEqual([]);
    expect(fired(r, { 'proc.name': 'bash', 'proc.pname': 'sshd' })).toEqual([]);
    const [a] = r.ruleset.evaluate(ev({ 'proc.name': 'bash', 'proc.pname': 'init' }));
    expect(a!.priority).toBe('Critical');
    expect(a!.tags).toEqual(['a', 'x']);
    expect(a!.output).toMatch(/Critical shell bash \(via init\)/);
    const off = load(BASE, '- rule: Shell\n  enabled: false\n  override:\n    enabled: replace\n');
    expect(fired(off, { 'proc.name': 'bash' })).toEqual([]);
    const legacy = load(BASE, '- rule: Shell\n  enabled: false\n');
    expect(fired(legacy, { 'proc.name': 'bash' })).toEqual([]);
    expect(legacy.warnings.map((w) => w.code)).toContain('LOAD_DEPRECATED_ITEM');
  });

  it('rewrites exceptions into the condition as Falco does', () => {
    const r = load(`
- rule: Shell
  desc: d
  condition: evt.type = execve and proc.name in (bash, sh)
  output: o
  priority: NOTICE
  exceptions:
    - name: by_parent
      fields: [proc.pname, proc.cmdline]
      comps: [=, startswith]
      values:
        - [cron, "bash -c backup"]
        - [systemd, sh]
    - name: by_image
      fields: container.image.repository
      values: [docker.io/library/builder, "my image"]
    - name: by_list
      fields: [proc.pname]
      comps: [in]
      values:
        - [[make, ninja]]
`);
    expect(r.errors).toEqual([]);
    expect(
      fired({ ...r } as LoadResult, {
        'proc.name': 'bash',
        'proc.pname': 'cron',
        'proc.cmdline': 'bash -c backup now',
      }),
    ).toEqual([]);
    expect(fired(r, { 'proc.name': 'bash', 'proc.pname': 'cron', 'proc.cmdline': 'bash -i' })).toEqual([
      'Shell',
    ]);
    expect(fired(r, { 'proc.name': 'sh', 'proc.pname': 'systemd', 'proc.cmdline': 'sh -c x' })).toEqual([]);
    expect(
      fired(r, { 'proc.name': 'sh', 'container.image.repository': 'docker.io/library/builder' }),
    ).toEqual([]);
    expect(fired(r, { 'proc.name': 'sh', 'container.image.repository': 'my image' })).toEqual([]);
    expect(fired(r, { 'proc.name': 'sh', 'proc.pname': 'ninja' })).toEqual([]);
    expect(fired(r, { 'proc.name': 'sh', 'proc.pname': 'bash' })).toEqual(['Shell']);
    expect(r.ruleset.rules[0]!.condition).toBe(
      '(evt.type = execve and proc.name in (bash, sh)) and not (( proc.pname = cron and  proc.cmdline startswith "bash -c backup") or ( proc.pname = systemd and  proc.cmdline startswith sh)) and not (container.image.repository in (docker.io/library/builder, "my image")) and not (( proc.pname in (make, ninja)))',
    );
  });

  it('appends exception values to an existing exception', () => {
    const r = load(
      `- rule: R\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n  exceptions:\n    - name: e\n      fields: proc.name\n      values: [a]\n`,
      `- rule: R\n  exceptions:\n    - name: e\n      values: [b]\n  override:\n    exceptions: append\n`,
    );
    expect(r.errors).toEqual([]);
    expect(fired(r, { 'proc.name': 'b' })).toEqual([]);
    expect(fired(r, { 'proc.name': 'c' })).toEqual(['R']);
  });

  it('rule_matching first alerts only the first matching rule in load order; all alerts every one', () => {
    const two = `${BASE}\n- rule: Any exec\n  desc: d\n  condition: spawned\n  output: exec\n  priority: INFO\n`;
    expect(fired(load(two), { 'proc.name': 'bash' })).toEqual(['Shell']);
    const all = loadRulesFromTexts([{ name: 'a', content: two }], { ruleMatching: 'all' });
    expect(all.ruleset.evaluate(ev({ 'proc.name': 'bash' })).map((a) => a.rule)).toEqual([
      'Shell',
      'Any exec',
    ]);
  });

  it('selects rules like falco -T/-t/-D and the priority setting', () => {
    const text = `${BASE}\n- rule: Any exec\n  desc: d\n  condition: spawned\n  output: exec\n  priority: INFO\n  tags: [noisy]\n`;
    const sel = (selection: Parameters<typeof loadRulesFromTexts>[1]): string[] =>
      loadRulesFromTexts([{ name: 'a', content: text }], { ruleMatching: 'all', ...selection })
        .ruleset.evaluate(ev({ 'proc.name': 'bash' }))
        .map((a) => a.rule);
    expect(sel({})).toEqual(['Shell', 'Any exec']);
    expect(sel({ selection: { disableTags: ['noisy'] } })).toEqual(['Shell']);
    expect(sel({ selection: { onlyTags: ['noisy'] } })).toEqual(['Any exec']);
    expect(sel({ selection: { disableNames: ['She'] } })).toEqual(['Any exec']);
    expect(sel({ selection: { minPriority: 'Warning' } })).toEqual(['Shell']);
    expect(sel({ selection: { minPriority: 'Critical' } })).toEqual([]);
  });

  it('macros see only macros defined before them; rules see all', () => {
    const bad = load('- macro: a\n  condition: b\n- macro: b\n  condition: proc.name = x\n');
    expect(bad.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/Undefined macro 'b' used in filter/),
    ]);
    const ok = load(
      '- rule: R\n  desc: d\n  condition: evt.type = execve and later\n  output: o\n  priority: INFO\n- macro: later\n  condition: proc.name = x\n',
    );
    expect(ok.errors).toEqual([]);
    expect(fired(ok, { 'proc.name': 'x' })).toEqual(['R']);
  });

  it('reports errors with file, line and column, and keeps loading other items', () => {
    const r = load(
      `- rule: Broken
  desc: d
  condition: evt.type = execve and (proc.name = x
  output: o
  priority: WARNING
- rule: Bad priority
  desc: d
  condition: evt.type = execve
  output: o
  priority: LOUD
- rule: Unknown field
  desc: d
  condition: proc.nam = x
  output: o
  priority: INFO
- rule: Fine
  desc: d
  condition: evt.type = execve
  output: o %proc.name
  priority: INFO
`,
    );
    expect(r.errors).toEqual([
      expect.objectContaining({
        file: 'f1.yaml',
        line: 3,
        column: 14,
        code: 'LOAD_ERR_COMPILE_CONDITION',
        item: "rule 'Broken'",
        message: expect.stringMatching(/expected a '\)' token/),
      }),
      expect.objectContaining({ line: 10, code: 'LOAD_ERR_YAML_VALIDATE', message: 'Invalid priority' }),
      expect.objectContaining({
        line: 13,
        code: 'LOAD_ERR_COMPILE_CONDITION',
        message: expect.stringMatching(/nonexistent field proc.nam/),
      }),
    ]);
    expect(fired(r, {})).toEqual(['Fine']);
  });

  it('skips rules with unknown fields when skip-if-unknown-filter is set', () => {
    const r = load(
      '- rule: R\n  desc: d\n  condition: foo.bar = x\n  output: o\n  priority: INFO\n  skip-if-unknown-filter: true\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain('LOAD_UNKNOWN_FILTER');
  });

  it('checks required_engine_version and records required_plugin_versions', () => {
    expect(load('- required_engine_version: 0.99.0\n').errors[0]!.message).toMatch(
      /Rules require engine version 0.99.0, but engine version is 0.63.0/,
    );
    expect(load('- required_engine_version: 15\n').errors).toEqual([]);
    const r = load(
      '- required_plugin_versions:\n  - name: k8saudit\n    version: 0.18.0\n    alternatives:\n      - name: k8saudit-eks\n        version: 0.12.0\n',
    );
    expect(r.requiredPluginVersions).toEqual([
      [
        { name: 'k8saudit', version: '0.18.0' },
        { name: 'k8saudit-eks', version: '0.12.0' },
      ],
    ]);
  });

  it('warns about unknown keys, unknown sources, unused macros and lists', () => {
    const r = load(
      '- list: unused\n  items: [a]\n- macro: m\n  condition: proc.name = a\n- rule: R\n  desc: d\n  condition: evt.type = execve\n  output: o\n  priority: INFO\n  source: aws_cloudtrail\n  colour: red\n',
    );
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code).sort()).toEqual([
      'LOAD_UNKNOWN_KEY',
      'LOAD_UNKNOWN_SOURCE',
      'LOAD_UNUSED_LIST',
      'LOAD_UNUSED_MACRO',
    ]);
  });

  it('rejects malformed YAML and non-list documents with a location', () => {
    expect(load('- rule: [unclosed\n').errors[0]).toMatchObject({
      code: 'LOAD_ERR_YAML_PARSE',
      line: 2,
      column: 1,
    });
    expect(load('rule: x\n').errors[0]).toMatchObject({
      code: 'LOAD_ERR_YAML_VALIDATE',
      message: 'Rules content is not yaml array of objects',
    });
    expect(load('- 42\n').errors[0]!.message).toMatch(/Each element should be a yaml associative array/);
  });

  it('never throws on arbitrary rules text: problems are load errors (property)', () => {
    const piece = fc.constantFrom(
      '- rule: R\n',
      '- macro: m\n',
      '- list: l\n',
      '  items: [a, b]\n',
      '  condition: ',
      'evt.type = execve',
      ' and ',
      'm',
      '  output: o %proc.name\n',
      '  desc: d\n',
      '  priority: INFO\n',
      '  override:\n    condition: append\n',
      '  append: true\n',
      '  exceptions:\n    - name: e\n      fields: [proc.name]\n      values: [[x]]\n',
      '\n',
      '[',
      '{',
      ': ',
      '- ',
      '"',
      'not (',
      ')',
      '*a',
      '&a ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const r = load(parts.join(''));
        expect(Array.isArray(r.errors)).toBe(true);
      }),
      { numRuns: 1500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        load(text);
      }),
      { numRuns: 1000 },
    );
  });
});

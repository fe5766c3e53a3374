// The hot-path rewrites (per-type specialisation, and/or reordering, generated predicates) must not
// change any result: property tests compare them with the plain closure tree of every rule in the real
// Falco rules files, on random events built from the values those rules test for (so that most checks
// are sometimes true), and unit cases pin each inlined fast path and hostile rule values.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../test/support/fixtures.js';
import type { FieldMap } from '../event.js';
import { operandText, type Expr } from './condition/ast.js';
import { generate } from './condition/codegen.js';
import { compileCondition } from './condition/compile.js';
import { hasType } from './condition/evttypes.js';
import { parseCondition } from './condition/parser.js';
import { reorder } from './condition/reorder.js';
import { simplify } from './condition/simplify.js';
import { syscallSource } from './fields/syscall.js';
import { loadRules, loadRulesFromTexts } from './load.js';
import type { CompiledRule } from './ruleset.js';
import { TypePlans } from './type-plans.js';

const RULES = ['Shell: evt.type = execve', 'Numeric type: evt.type = 7', 'Any bash: proc.name = bash']
  .map((r) => r.split(': '))
  .map(([name, cond]) => `- rule: ${name}\n  desc: d\n  condition: ${cond}\n  output: o\n  priority: INFO\n`)
  .join('');

const safe = (f: () => boolean): boolean => {
  try {
    return f();
  } catch {
    return false;
  }
};

/** Field name → the literal values the rules compare it with. */
function vocabulary(rules: readonly CompiledRule[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const seen = new Set<Expr>();
  const walk = (e: Expr): void => {
    if (seen.has(e)) return;
    seen.add(e);
    if (e.kind === 'and' || e.kind === 'or') e.children.forEach(walk);
    else if (e.kind === 'not') walk(e.child);
    else if ((e.kind === 'binary' || e.kind === 'unary') && e.left.kind === 'field') {
      const key = operandText(e.left);
      const set = out.get(key) ?? new Set<string>();
      out.set(key, set);
      if (e.kind === 'binary') {
        const r = e.right;
        if (r.kind === 'value') set.add(r.value);
        else if (r.kind === 'identvalue') set.add(r.name);
        else if (r.kind === 'list') for (const v of r.values.slice(0, 30)) set.add(v.value);
      }
    }
  };
  for (const r of rules) if (r.ast) walk(r.ast);
  return new Map([...out].map(([k, v]) => [k, [...v, 'x']]));
}

/** Random field-map events: each known field absent, a rule value (or one embedded), or noise. */
function events(vocab: Map<string, string[]>, types: string[]): fc.Arbitrary<FieldMap> {
  const value = (vals: string[]): fc.Arbitrary<unknown> =>
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...vals) },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom('', '/x/', 'a '), fc.constantFrom(...vals), fc.constantFrom('', '/y', ' -e'))
          .map((p) => p.join('')),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...vals)
          .map((v) => (/^-?\d+$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v)),
      },
      { weight: 1, arbitrary: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...vals), { maxLength: 4 }) },
    );
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [k, vals] of vocab) if (k !== 'evt.type') fields[k] = value(vals);
  return fc
    .tuple(fc.constantFrom(...types, 'clone', 'nosuchtype'), fc.record(fields, { requiredKeys: [] }))
    .map(([type, rest]) => ({ ...rest, 'evt.type': type }) as FieldMap);
}

describeWithFixtures(
  'per-event-type plans agree with the unoptimised rules',
  ['falco/falco_rules.yaml', 'falco/falco-sandbox_rules.yaml', 'falco/falco-incubating_rules.yaml'],
  () => {
    let rules: CompiledRule[];
    let plans: TypePlans;
    let vocab: Map<string, string[]>;
    let types: string[];
    beforeAll(async () => {
      const files = ['falco_rules.yaml', 'falco-sandbox_rules.yaml', 'falco-incubating_rules.yaml'];
      const load = await loadRules(
        files.map((f) => fixture('falco', f)),
        { hostname: 'node-1' },
      );
      expect(load.errors).toEqual([]);
      rules = load.ruleset.rules.filter((r) => r.source === 'syscall');
      plans = new TypePlans(rules, syscallSource as never);
      vocab = vocabulary(rules);
      types = [...new Set(vocab.get('evt.type') ?? [])];
      expect(rules.length).toBeGreaterThan(80);
      expect(types.length).toBeGreaterThan(20);
    });

    it('every rule gives the same answer, and plans keep exactly the candidates that can match (property)', () => {
      let matched = 0;
      fc.assert(
        fc.property(events(vocab, types), (ev) => {
          const type = ev['evt.type'] as string;
          const want = rules
            .filter((r) => hasType(r.eventTypes, type) && safe(() => r.predicate(ev as never)))
            .map((r) => r.name);
          const plan = plans.get(type);
          const got = plan.rules.filter((_, i) => safe(() => plan.preds[i]!(ev as never))).map((r) => r.name);
          expect(got).toEqual(want);
          for (const r of plan.rules) expect(hasType(r.eventTypes, type)).toBe(true);
          matched += want.length;
        }),
        { numRuns: 4000, seed: 5 },
      );
      // The generator must reach the interesting side of the rules, or the comparison says little.
      expect(matched).toBeGreaterThan(100);
    });

    it('specialisation and reordering alone (closure tree, no generated code) agree too (property)', () => {
      fc.assert(
        fc.property(events(vocab, types), fc.nat(rules.length - 1), (ev, i) => {
          const r = rules[i]!;
          const type = ev['evt.type'] as string;
          if (!hasType(r.eventTypes, type)) return;
          const ast = reorder(simplify(r.ast!, { evtType: type }), syscallSource as never);
          const p = compileCondition(ast, syscallSource).predicate;
          expect(safe(() => p(ev))).toBe(safe(() => r.predicate(ev as never)));
        }),
        { numRuns: 3000, seed: 7 },
      );
    });
  },
);

describe('generated predicates', () => {
  const EVENTS: FieldMap[] = [
    {
      'evt.type': 'openat',
      'proc.name': 'bash',
      'user.uid': 0,
      'evt.is_open_read': true,
      'fd.name': '/etc/shadow',
    },
    { 'evt.type': 'openat', 'proc.name': 7, 'user.uid': '0', 'evt.is_open_read': 'true', 'fd.name': null },
    {
      'evt.type': 'execve',
      'proc.aname': ['nc', 'bash', 'sshd'],
      'proc.apid': ['10', '9'],
      'user.uid': '0x10',
      'evt.is_open_read': 0,
    },
    { 'evt.type': 'execve', 'proc.name': 'a\'b"c\\d${x}`\u2028e', 'user.uid': 1.5, 'fd.name': '*/ x' },
    { 'proc.ppid': Infinity, 'proc.pid': NaN }, // not JSON, but an in-process event may carry them
    {},
  ];
  const conditions = [
    'proc.name = bash',
    'proc.name == bash and not proc.name != bash',
    'proc.name in (bash, sh, nc)',
    'proc.name intersects (nc)',
    'proc.name startswith ba or proc.name endswith sh or proc.name contains as',
    'proc.pname = bash and proc.pname in (bash) and proc.pname startswith b',
    'user.uid = 0 or user.uid != 0',
    'user.uid < 1 and user.uid <= 0 and user.uid >= 0 and not user.uid > 0',
    'user.uid in (0, 16)',
    'evt.is_open_read = true',
    'evt.is_open_read != false',
    'fd.name = "*/ x" or fd.name startswith "a\'" or fd.name exists',
    'proc.name = "a\'b\\"c\\\\d${x}`\u2028e"',
    'proc.name in ("a\'b\\"c\\\\d${x}`\u2028e", "});process.exit(1);//")',
    'fd.directory = /etc and fd.name pmatch (/etc) and proc.aname = sshd',
    'proc.name exists or proc.pname exists or user.uid exists or evt.is_open_read exists',
    'not fd.name exists and not proc.pid exists',
    'fd.nameraw contains ../ or proc.ppid = 9 or proc.pid in (10)',
    'proc.ppid exists',
  ];
  it.each(conditions)('%s: same result as the closure tree on every event', (cond) => {
    const ast = parseCondition(cond);
    const gen = generate(ast, syscallSource);
    expect(gen).toBeTypeOf('function');
    const ref = compileCondition(ast, syscallSource).predicate;
    for (const ev of EVENTS) expect([cond, ev, gen!(ev)]).toEqual([cond, ev, ref(ev)]);
  });

  it('events whose evt.type is not a string use the unspecialised rules, and never throw', () => {
    const { ruleset } = loadRulesFromTexts([{ name: 'r.yaml', content: RULES }], { ruleMatching: 'all' });
    const names = (t: unknown): string[] =>
      ruleset.evaluateFields({ 'evt.type': t as string, 'proc.name': 'bash' }).map((a) => a.rule);
    expect(names('execve')).toEqual(['Shell', 'Any bash']);
    expect(names('open')).toEqual(['Any bash']);
    expect(names(7)).toEqual(['Numeric type', 'Any bash']);
    expect(names({ toString: 1 })).toEqual(['Any bash']);
    expect(names({ valueOf: 2, toString: 3 })).toEqual(['Any bash']);
    expect(names(undefined)).toEqual(['Any bash']);
  });

  it('specialises evt.type checks to constants and drops rules that cannot match a type', () => {
    const ast = parseCondition(
      '(evt.type = open and proc.name = a) or (evt.type in (openat) and fd.name = b)',
    );
    const s = simplify(ast, { evtType: 'openat' });
    expect(s).toMatchObject({ kind: 'binary', op: '=', left: { field: 'fd.name' } });
    expect(simplify(ast, { evtType: 'execve' })).toMatchObject({ kind: 'const', value: false });
    expect(simplify(parseCondition('evt.type != execve'), { evtType: 'open' })).toMatchObject({
      value: true,
    });
  });

  it('puts positive, cheap checks before exceptions and costly ones', () => {
    const ast = parseCondition('not proc.name in (a) and proc.cmdline icontains x and fd.name = y');
    const r = reorder(ast, syscallSource as never);
    expect(
      r.kind === 'and' &&
        r.children.map((c) => (c.kind === 'not' ? 'not' : c.kind === 'binary' ? c.op : '?')),
    ).toEqual(['=', 'icontains', 'not']);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../test/support/fixtures.js';
import { DOCKERFILE_CONTROLS, K8S_CONTROLS, peerIds } from './cross-reference.js';
import { pssChecks } from './kubernetes/pss/api.js';
import { allRules } from './registry.js';

const rules = new Map(allRules().map((r) => [r.id, r]));

function rows(file: string): string[][] {
  return readFileSync(fixture('k8s', file), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split(','));
}

describe('peer id shorthand', () => {
  it.each([
    ['KSV-0009/0010/0008', ['KSV-0009', 'KSV-0010', 'KSV-0008']],
    ['CKV_K8S_19/17/18', ['CKV_K8S_19', 'CKV_K8S_17', 'CKV_K8S_18']],
    ['CKV_K8S_10-13', ['CKV_K8S_10', 'CKV_K8S_11', 'CKV_K8S_12', 'CKV_K8S_13']],
    ['DKL-LI-0001 / DKL-LI-0002', ['DKL-LI-0001', 'DKL-LI-0002']],
    ['DL3014 / DL3015', ['DL3014', 'DL3015']],
  ])('%s', (cell, ids) => expect(peerIds(cell)).toEqual(ids));
});

describeWithFixtures(
  'rule-union cross-reference',
  ['k8s/rule-union.csv', 'k8s/dockerfile-rule-union.csv'],
  () => {
    it.each([
      ['rule-union.csv', K8S_CONTROLS],
      ['dockerfile-rule-union.csv', DOCKERFILE_CONTROLS],
    ] as const)('every row of %s maps to existing rules that cite its peer ids', (file, table) => {
      const problems: string[] = [];
      const seen: string[] = [];
      for (const [control, ...cells] of rows(file)) {
        seen.push(control!);
        const mapped = table[control!];
        if (!mapped?.length) {
          problems.push(`${control}: not mapped`);
          continue;
        }
        const refs = new Set<string>();
        for (const id of mapped) {
          if (id.startsWith('pss:')) {
            if (!pssChecks[id.slice(4)]) problems.push(`${control}: no PSS check ${id}`);
            continue;
          }
          const r = rules.get(id);
          if (!r) problems.push(`${control}: no rule ${id}`);
          else r.refs.forEach((x) => refs.add(x));
        }
        for (const peer of peerIds(cells.join(' ')))
          if (!refs.has(peer)) problems.push(`${control}: ${peer} not in refs of ${mapped.join(', ')}`);
      }
      expect(problems).toEqual([]);
      expect(Object.keys(table).sort()).toEqual(seen.sort());
    });
  },
);

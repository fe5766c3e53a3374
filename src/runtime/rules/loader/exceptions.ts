// Rewrites a rule's `exceptions` into its condition text, as falco rule_loader_compiler.cpp
// build_rule_exception_infos does:
//   (cond) and not ((f1 c1 v1 and f2 c2 v2) or (...))     for a list of fields
//   (cond) and not (f comp (v1, v2, ...))                 for a single field
// Values with spaces are quoted; values of list operators are parenthesised.
import type { ExceptionInfo } from './collector.js';
import { ItemError } from './messages.js';
import { isModifierOp } from './reader.js';

function quote(v: string): string {
  return v.includes(' ') && v[0] !== '"' && v[0] !== "'" ? `"${v}"` : v;
}

function paren(v: string): string {
  return v[0] === '(' ? v : `(${v})`;
}

function isListOp(op: string): boolean {
  return op === 'in' || op === 'intersects' || op === 'pmatch' || isModifierOp(op);
}

export function applyExceptions(
  condition: string,
  exceptions: readonly ExceptionInfo[],
): { condition: string; fields: Set<string> } {
  const fields = new Set<string>();
  let cond = `(${condition})`;
  for (const ex of exceptions) {
    if (!ex.fields || !ex.comps) continue;
    let icond = '';
    if (!ex.fields.isList) {
      const field = ex.fields.item;
      const comp = ex.comps.isList ? '' : ex.comps.item;
      for (const val of ex.values) {
        if (val.isList)
          throw new ItemError(
            'LOAD_ERR_VALIDATE',
            'Expected values array to contain a list of strings',
            ex.loc,
          );
        icond += icond === '' ? `(${field} ${comp} (` : ', ';
        fields.add(field);
        icond += quote(val.item);
      }
      if (icond !== '') icond += '))';
    } else {
      const exFields = ex.fields.items;
      const comps = ex.comps.isList ? ex.comps.items : [];
      icond = '(';
      for (const values of ex.values) {
        const items = values.isList ? values.items : [values];
        if (items.length !== exFields.length) {
          throw new ItemError('LOAD_ERR_VALIDATE', 'Fields and values lists must have equal length', ex.loc);
        }
        icond += icond === '(' ? '' : ' or ';
        icond += '(';
        exFields.forEach((f, k) => {
          const field = f.isList ? '' : f.item;
          const comp = comps[k] && !comps[k]!.isList ? comps[k]!.item : '=';
          const v = items[k]!;
          let istr: string;
          if (v.isList) {
            istr = `(${v.items.map((x) => quote(x.isList ? '' : x.item)).join(', ')})`;
          } else {
            istr = isListOp(comp) ? paren(v.item) : quote(v.item);
          }
          icond += `${k === 0 ? '' : ' and '} ${field} ${comp} ${istr}`;
          fields.add(field);
        });
        icond += ')';
      }
      icond += ')';
      if (icond === '()') icond = '';
    }
    if (icond !== '') cond += ` and not ${icond}`;
  }
  return { condition: cond, fields };
}

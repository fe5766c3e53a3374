// Small shape checks for untrusted documents, with errors that name the file and the JSON path.
import { BulwarkError } from '../../core/errors.js';

export class ShapeError extends BulwarkError<'INVALID_INPUT'> {
  constructor(doc: string, path: string, problem: string) {
    super('INVALID_INPUT', `${doc}: ${path ? `${path}: ` : ''}${problem}`);
  }
}

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export class Checker {
  constructor(readonly doc: string) {}

  fail(path: string, problem: string): never {
    throw new ShapeError(this.doc, path, problem);
  }

  obj(v: unknown, path: string): Obj {
    if (!isObj(v)) this.fail(path, `expected an object, got ${typeName(v)}`);
    return v;
  }

  str(v: unknown, path: string, max = 1 << 20): string {
    if (typeof v !== 'string') this.fail(path, `expected a string, got ${typeName(v)}`);
    if (v.length > max) this.fail(path, `string longer than ${max} characters`);
    return v;
  }

  optStr(v: unknown, path: string, max?: number): string | undefined {
    return v === undefined || v === null ? undefined : this.str(v, path, max);
  }

  arr(v: unknown, path: string, max = 1_000_000): unknown[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(path, `expected an array, got ${typeName(v)}`);
    if (v.length > max) this.fail(path, `more than ${max} items`);
    return v;
  }

  strings(v: unknown, path: string, max?: number): string[] {
    return this.arr(v, path, max).map((x, i) => this.str(x, `${path}[${i}]`, 4096));
  }
}

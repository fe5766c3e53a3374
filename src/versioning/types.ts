// A version scheme (architecture.md convention 3): never throws on input; parse returns null when
// invalid and compare is total over valid versions. Each scheme cites its spec in `urls`.
export interface VersionScheme<V = unknown> {
  id: string;
  urls: string[];
  parse(version: string): V | null;
  /** -1, 0 or 1. Invalid input orders before valid input and compares by string among itself, so sorting never throws. */
  compare(a: string, b: string): -1 | 0 | 1;
  isValid(version: string): boolean;
}

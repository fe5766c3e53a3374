// Token scopes. ref: distribution docs/spec/auth/scope.md — `repository:<name>:<action>[,<action>]`.

export type Action = 'pull' | 'push' | 'delete';

export function repositoryScope(repository: string, actions: Action[]): string {
  return `repository:${repository}:${[...new Set(actions)].sort().join(',')}`;
}

/** Merge scopes on the same resource (`repository:a:pull` + `repository:a:push` → `repository:a:pull,push`). */
export function mergeScopes(scopes: string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  for (const scope of scopes) {
    const last = scope.lastIndexOf(':');
    if (last <= 0) continue;
    const resource = scope.slice(0, last);
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const a of scope.slice(last + 1).split(',')) if (a) actions.add(a);
    byResource.set(resource, actions);
  }
  return [...byResource.entries()].map(([r, a]) => `${r}:${[...a].sort().join(',')}`).sort();
}

/** Does a token granted for `have` cover everything in `want`? */
export function scopesCover(have: string[], want: string[]): boolean {
  const merged = new Map(
    mergeScopes(have).map((s) => {
      const i = s.lastIndexOf(':');
      return [s.slice(0, i), new Set(s.slice(i + 1).split(','))] as const;
    }),
  );
  return mergeScopes(want).every((s) => {
    const i = s.lastIndexOf(':');
    const got = merged.get(s.slice(0, i));
    return (
      got !== undefined &&
      s
        .slice(i + 1)
        .split(',')
        .every((a) => got.has(a) || got.has('*'))
    );
  });
}

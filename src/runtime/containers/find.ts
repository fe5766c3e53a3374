// Find a running container's init process from its id (full or a unique prefix, as `docker ps`
// shows 12 characters): runtime state dirs first, then any process whose cgroup names the id.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BulwarkError } from '../../core/errors.js';
import { matchProcCgroup } from './cgroup.js';
import { DEFAULT_ROOTS, type MetadataRoots } from './metadata.js';

export interface FoundContainer {
  fullId: string;
  pid: number;
}

function stateRoots(roots: MetadataRoots): string[] {
  return roots.stateRoots.flatMap((r) => {
    if (!r.endsWith('/*')) return [r];
    try {
      return readdirSync(r.slice(0, -2)).map((d) => join(r.slice(0, -2), d));
    } catch {
      return [];
    }
  });
}

const alive = (pid: number, procRoot: string): boolean => {
  try {
    readFileSync(`${procRoot}/${pid}/stat`);
    return true;
  } catch {
    return false;
  }
};

export function findContainer(
  idOrPrefix: string,
  opts: { roots?: MetadataRoots; procRoot?: string } = {},
): FoundContainer {
  const procRoot = opts.procRoot ?? '/proc';
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(idOrPrefix)) {
    throw new BulwarkError('USAGE', `"${idOrPrefix}" is not a container id`);
  }
  const hits = new Map<string, number>();
  for (const root of stateRoots(opts.roots ?? DEFAULT_ROOTS)) {
    let names: string[];
    try {
      names = readdirSync(root);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.startsWith(idOrPrefix))) {
      try {
        const st = JSON.parse(readFileSync(join(root, name, 'state.json'), 'utf8')) as {
          init_process_pid?: unknown;
        };
        if (typeof st.init_process_pid === 'number' && alive(st.init_process_pid, procRoot)) {
          hits.set(name, st.init_process_pid);
        }
      } catch {
        /* not a runc state dir */
      }
    }
  }
  if (hits.size === 0) {
    // Any runtime: the first process whose cgroup path carries the id.
    for (const pid of readdirSync(procRoot)
      .filter((n) => /^\d+$/.test(n))
      .map(Number)
      .sort((a, b) => a - b)) {
      let text: string;
      try {
        text = readFileSync(`${procRoot}/${pid}/cgroup`, 'utf8');
      } catch {
        continue;
      }
      const m = matchProcCgroup(text);
      if (m && m.fullId.startsWith(idOrPrefix) && !hits.has(m.fullId)) hits.set(m.fullId, pid);
    }
  }
  if (hits.size === 0)
    throw new BulwarkError('NOT_FOUND', `no running container ${idOrPrefix}; check runc list`);
  if (hits.size > 1) {
    throw new BulwarkError(
      'USAGE',
      `container id ${idOrPrefix} is ambiguous (${[...hits.keys()].map((k) => k.slice(0, 12)).join(', ')}); give more characters`,
    );
  }
  const [fullId, pid] = [...hits][0]!;
  return { fullId, pid };
}

// Policy level and version as PSA spells them: `baseline`, `restricted:v1.25`, `restricted:latest`.
// ref: pod-security-admission api/helpers.go ParseVersion ("latest" or "v1.x"); a version newer than
// the newest check revision evaluates as that newest revision (policy/registry.go EvaluatePod).
import { BulwarkError } from '../../../core/errors.js';
import type { PssLevel } from './types.js';

export interface LevelVersion {
  level: PssLevel;
  /** Minor version of 1.x, or 'latest'. */
  version: number | 'latest';
}

const VERSION_RE = /^v1\.(0|[1-9][0-9]*)$/;

export function parseVersion(text: string): number | 'latest' | null {
  if (text === 'latest') return 'latest';
  const m = VERSION_RE.exec(text);
  if (!m) return null;
  const minor = Number(m[1]);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Parse `LEVEL[:VERSION]`; throws USAGE with what to type instead. */
export function parseLevelVersion(text: string): LevelVersion {
  const [levelText = '', versionText = 'latest', ...rest] = text.split(':');
  if (levelText !== 'baseline' && levelText !== 'restricted') {
    throw new BulwarkError(
      'USAGE',
      `unknown Pod Security level "${levelText}"; use baseline or restricted, optionally with :v1.N or :latest`,
    );
  }
  const version = rest.length ? null : parseVersion(versionText);
  if (version === null) {
    throw new BulwarkError(
      'USAGE',
      `bad Pod Security version "${text.slice(levelText.length + 1)}"; use v1.N (e.g. v1.30) or latest`,
    );
  }
  return { level: levelText, version };
}

export function formatLevelVersion(lv: LevelVersion): string {
  return `${lv.level}:${lv.version === 'latest' ? 'latest' : `v1.${lv.version}`}`;
}

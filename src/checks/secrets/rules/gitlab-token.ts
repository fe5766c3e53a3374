import { defineSecretRule } from '../types.js';

// ref: GitLab "Token prefixes": glpat- (personal), gldt- (deploy), glptt- (pipeline trigger), glrt- (runner).
export const rule = defineSecretRule({
  id: 'gitlab-token',
  category: 'GitLab',
  title: 'GitLab token',
  severity: 'CRITICAL',
  keywords: ['glpat-', 'gldt-', 'glptt-', 'glrt-'],
  regex: /\b((?:glpat|gldt|glrt)-[A-Za-z0-9_-]{20,}|glptt-[0-9a-f]{40})\b/g,
  secretGroup: 1,
  minEntropy: 3.5,
  examples: { positive: ['token: glpat-x8Ys2Kq9LmN4pQ7rT1vW'], negative: ['glpat-xxxxxxxxxxxxxxxxxxxx'] },
});

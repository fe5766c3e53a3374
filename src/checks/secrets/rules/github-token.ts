import { defineSecretRule } from '../types.js';

// ref: GitHub "About authentication": ghp_ (classic PAT), gho_ (OAuth), ghu_/ghs_ (app), ghr_ (refresh), github_pat_ (fine-grained).
export const rule = defineSecretRule({
  id: 'github-token',
  category: 'GitHub',
  title: 'GitHub token',
  severity: 'CRITICAL',
  keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  regex: /\b((?:gh[pousr]_[A-Za-z0-9]{36,255})|(?:github_pat_[A-Za-z0-9_]{82}))\b/g,
  secretGroup: 1,
  minEntropy: 4,
  examples: {
    positive: ['GITHUB_TOKEN=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'],
    negative: ['ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
  },
});

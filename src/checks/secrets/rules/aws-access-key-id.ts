import { defineSecretRule } from '../types.js';

// ref: AWS IAM docs "Understanding unique ID prefixes": AKIA (access key), ASIA (temporary).
export const rule = defineSecretRule({
  id: 'aws-access-key-id',
  category: 'AWS',
  title: 'AWS access key ID',
  severity: 'CRITICAL',
  keywords: ['akia', 'asia', 'abia', 'acca'],
  regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g,
  secretGroup: 1,
  minEntropy: 3,
  examples: {
    positive: ['aws_access_key_id = AKIA2OGYBAH6QRYLMH3N'],
    negative: ['AKIAIOSFODNN7EXAMPLE', 'AKIA0000'],
  },
});

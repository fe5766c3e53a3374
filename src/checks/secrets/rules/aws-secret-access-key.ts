import { defineSecretRule } from '../types.js';

// 40 base64 characters after an aws…secret…key name (the key alone has no marker).
export const rule = defineSecretRule({
  id: 'aws-secret-access-key',
  category: 'AWS',
  title: 'AWS secret access key',
  severity: 'CRITICAL',
  keywords: ['aws'],
  regex: /aws.{0,20}?secret.{0,20}?["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
  secretGroup: 1,
  minEntropy: 4,
  examples: {
    positive: ['aws_secret_access_key = 7xq9Zk2PbW4nVc8LmR3tY6uJ1oHs5dFgAeQwErTy'],
    negative: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = ${AWS_SECRET}',
    ],
  },
});

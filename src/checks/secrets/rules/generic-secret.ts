import { defineSecretRule } from '../types.js';

// A quoted, high-entropy value assigned to a credential-named key: `password = "…"`, `"api_key": "…"`.
// Quoting, length ≥ 16 and entropy ≥ 3.7 bits/char keep prose and placeholders out.
export const rule = defineSecretRule({
  id: 'generic-secret',
  category: 'Generic',
  title: 'High-entropy secret assigned to a credential name',
  severity: 'HIGH',
  keywords: ['pass', 'secret', 'token', 'api_key', 'apikey', 'api-key', 'access_key', 'auth'],
  regex:
    /(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|auth[_-]?token|client[_-]?secret)["']?\s*[:=]\s*["']([A-Za-z0-9+/_\-.!@#$%^&*~]{16,128})["']/gi,
  secretGroup: 1,
  minEntropy: 3.7,
  validate: (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s) && !/^(?:[a-z]+[_-])+[a-z]+$/i.test(s),
  examples: {
    positive: ['db_password = "q7#Rt2!vLx9@Kp4$Zm"', '{"api_key": "5f8a1c9e2b7d4036a1e9c8b2d7f4a6e3"}'],
    negative: ['password = "changeme"', 'token = "your-token-goes-here"', 'password: ${DB_PASSWORD}'],
  },
});

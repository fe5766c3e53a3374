import { defineSecretRule } from '../types.js';

export const rule = defineSecretRule({
  id: 'gcp-api-key',
  category: 'GCP',
  title: 'Google API key',
  severity: 'HIGH',
  keywords: ['aiza'],
  regex: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g,
  secretGroup: 1,
  minEntropy: 4,
  examples: { positive: ['key=AIzaSyB3kQ9vXr7LmN2pT5wZ8cD1fG4hJ6kL0qR'], negative: ['AIzaSy'] },
});

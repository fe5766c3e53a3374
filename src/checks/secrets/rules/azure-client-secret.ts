import { defineSecretRule } from '../types.js';

// Entra ID (Azure AD) application client secrets since 2022 carry "Q~" after 3 characters and a digit.
export const rule = defineSecretRule({
  id: 'azure-client-secret',
  category: 'Azure',
  title: 'Azure AD client secret',
  severity: 'HIGH',
  keywords: ['q~'],
  regex: /(?<![A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![A-Za-z0-9_~.-])/g,
  secretGroup: 1,
  minEntropy: 4,
  examples: {
    positive: ['AZURE_CLIENT_SECRET=abc8Q~Xy3kLm9Qw2Er5Ty7Ui1Op4As6Df8Gh0Jk2'],
    negative: ['Q~ alone'],
  },
});

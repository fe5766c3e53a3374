import { defineSecretRule } from '../types.js';

// Storage account keys are 64 random bytes in base64 (88 characters), usually in a connection string.
export const rule = defineSecretRule({
  id: 'azure-storage-key',
  category: 'Azure',
  title: 'Azure storage account key',
  severity: 'CRITICAL',
  keywords: ['accountkey'],
  regex: /AccountKey=([A-Za-z0-9+/]{86}==)/gi,
  secretGroup: 1,
  minEntropy: 4.5,
  examples: {
    positive: [
      'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=KXK7BE2W3yhxugNMld4ncLkCS5TdJm+4AUqT3CVutwBJktskbbb/SJHaI2y1/keQ2SJrtP1Gj9gharP8RY7XIA==;EndpointSuffix=core.windows.net',
    ],
    negative: ['AccountKey=<your-key>'],
  },
});

import { defineSecretRule } from '../types.js';

// A Google service account key file: JSON with "type": "service_account" and a private key.
export const rule = defineSecretRule({
  id: 'gcp-service-account',
  category: 'GCP',
  title: 'Google Cloud service account key',
  severity: 'CRITICAL',
  keywords: ['service_account'],
  regex:
    /"type"\s*:\s*"service_account"[\s\S]{0,2000}?"private_key"\s*:\s*"(-----BEGIN PRIVATE KEY-----[^"]{64,})"/g,
  secretGroup: 1,
  examples: {
    positive: [
      `{"type": "service_account", "project_id": "p", "private_key_id": "1", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4\\n-----END PRIVATE KEY-----\\n"}`,
    ],
    negative: ['{"type": "service_account", "client_email": "a@b.iam.gserviceaccount.com"}'],
  },
});

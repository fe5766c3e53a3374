// The explicit registry of secret rules: id → rule. A test checks it equals the folder listing.
import type { SecretRule } from '../types.js';
import { rule as awsAccessKeyId } from './aws-access-key-id.js';
import { rule as awsSecretAccessKey } from './aws-secret-access-key.js';
import { rule as azureClientSecret } from './azure-client-secret.js';
import { rule as azureStorageKey } from './azure-storage-key.js';
import { rule as gcpApiKey } from './gcp-api-key.js';
import { rule as gcpServiceAccount } from './gcp-service-account.js';
import { rule as genericSecret } from './generic-secret.js';
import { rule as githubToken } from './github-token.js';
import { rule as gitlabToken } from './gitlab-token.js';
import { rule as jwt } from './jwt.js';
import { rule as privateKey } from './private-key.js';
import { rule as slackToken } from './slack-token.js';
import { rule as stripeKey } from './stripe-key.js';

export const secretRules: Record<string, SecretRule> = {
  'aws-access-key-id': awsAccessKeyId,
  'aws-secret-access-key': awsSecretAccessKey,
  'azure-client-secret': azureClientSecret,
  'azure-storage-key': azureStorageKey,
  'gcp-api-key': gcpApiKey,
  'gcp-service-account': gcpServiceAccount,
  'generic-secret': genericSecret,
  'github-token': githubToken,
  'gitlab-token': gitlabToken,
  jwt: jwt,
  'private-key': privateKey,
  'slack-token': slackToken,
  'stripe-key': stripeKey,
};

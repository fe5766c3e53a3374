// JSON Schema (draft-07, checked with ajv) of the trust policy YAML. Kept beside the types it mirrors;
// docs/trust-policy.md explains each field.
const name = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$' };
const names = { type: 'array', items: name, minItems: 1, uniqueItems: true };

const keyless = {
  type: 'object',
  additionalProperties: false,
  properties: {
    subject: { type: 'string', minLength: 1 },
    subjectRegExp: { type: 'string', minLength: 1 },
    issuer: { type: 'string', minLength: 1 },
    issuerRegExp: { type: 'string', minLength: 1 },
  },
  anyOf: [{ required: ['subject'] }, { required: ['subjectRegExp'] }],
  allOf: [{ anyOf: [{ required: ['issuer'] }, { required: ['issuerRegExp'] }] }],
};

const signer = {
  type: 'object',
  additionalProperties: false,
  properties: {
    key: { type: 'string', minLength: 1 },
    keyless,
    notation: {
      type: 'object',
      additionalProperties: false,
      required: ['trustPolicy', 'trustStore'],
      properties: {
        trustPolicy: { type: 'string', minLength: 1 },
        trustStore: { type: 'string', minLength: 1 },
      },
    },
  },
  oneOf: [{ required: ['key'] }, { required: ['keyless'] }, { required: ['notation'] }],
};

const condition = {
  type: 'object',
  additionalProperties: false,
  required: ['path'],
  properties: {
    path: { type: 'string', pattern: '^[A-Za-z0-9_$@-]+(\\.[A-Za-z0-9_$@/:-]+)*$' },
    equals: {},
    notEquals: {},
    in: { type: 'array' },
    matches: { type: 'string' },
    exists: { type: 'boolean' },
  },
  oneOf: ['equals', 'notEquals', 'in', 'matches', 'exists'].map((k) => ({ required: [k] })),
};

const attestation = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { type: 'string', minLength: 1 },
    signers: names,
    builderId: { type: 'string', minLength: 1 },
    builderIdRegExp: { type: 'string', minLength: 1 },
    maxAge: { type: 'string', pattern: '^[0-9]+(s|m|h|d|w)$' },
    denySeverities: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { enum: ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] },
    },
    conditions: { type: 'array', items: condition },
  },
};

const rule = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'images'],
  properties: {
    name,
    images: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 512 } },
    action: { enum: ['verify', 'allow', 'deny'] },
    signers: names,
    threshold: { type: 'integer', minimum: 1, maximum: 64 },
    required: names,
    attestations: { type: 'array', items: attestation },
  },
};

export const TRUST_POLICY_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'rules'],
  properties: {
    apiVersion: { const: 'bulwark.dev/v1' },
    kind: { const: 'TrustPolicy' },
    trustedRoot: { type: 'string', minLength: 1 },
    defaultAction: { enum: ['allow', 'deny'] },
    signers: { type: 'object', propertyNames: name, additionalProperties: signer },
    rules: { type: 'array', minItems: 1, maxItems: 1000, items: rule },
  },
} as const;

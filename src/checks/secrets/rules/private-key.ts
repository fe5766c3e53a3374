import { defineSecretRule } from '../types.js';

// PEM/OpenSSH/PGP private keys (RFC 7468 labels), with base64 content after the header so that
// documentation mentioning the header alone does not match.
export const rule = defineSecretRule({
  id: 'private-key',
  category: 'Private key',
  title: 'Private key',
  severity: 'HIGH',
  keywords: ['private key'],
  regex:
    /-----BEGIN ((?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----\s*((?:[A-Za-z0-9+/=:,\- ]+\s*){2,}?)-----END \1-----/g,
  secretGroup: 0,
  validate: (_key, m) =>
    (m[2] ?? '').replace(/\s+/g, '').length >= 64 && !/^(x+|\.+)$/i.test((m[2] ?? '').replace(/\s+/g, '')),
  examples: {
    positive: [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\nVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK\n-----END RSA PRIVATE KEY-----\n',
    ],
    negative: [
      '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----',
      'grep "BEGIN PRIVATE KEY" file',
    ],
  },
});

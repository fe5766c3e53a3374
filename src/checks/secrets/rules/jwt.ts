import { defineSecretRule } from '../types.js';

// RFC 7519: base64url(header).base64url(payload).signature, header a JSON object with "alg".
export const rule = defineSecretRule({
  id: 'jwt',
  category: 'JWT',
  title: 'JSON Web Token',
  severity: 'MEDIUM',
  keywords: ['eyj'],
  regex: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})/g,
  secretGroup: 1,
  validate: (jwt) => {
    try {
      const header = JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString('utf8')) as {
        alg?: unknown;
      };
      return typeof header.alg === 'string' && header.alg.toLowerCase() !== 'none';
    } catch {
      return false;
    }
  },
  examples: {
    positive: [
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkJ1bHdhcmsifQ.Rr3Kd9mQ2xYq7LpVt5WnZ8bCfA1gH4jK6sE0uI3oP2M',
    ],
    negative: ['eyJub3QiOiJhIGp3dCJ9.eyJub3QiOiJhIGp3dCJ9.abcdefghijklmnopqr'],
  },
});

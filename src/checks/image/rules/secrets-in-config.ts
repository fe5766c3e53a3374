import { defineRule, type RuleHit } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';

const SECRET_NAME = /(PASSW(OR)?D|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIALS?)($|_)/i;
const NOT_SECRET = /(_FILE|_PATH|_DIR|_URL|_HOST|_PORT|_USER(NAME)?|_ID|_ENDPOINT)$/i;

export const rule = defineRule<ImageContext>({
  id: 'image:secrets-in-config',
  family: 'image',
  refs: ['CIS-DI-0010', 'DS-0031', 'DL3064'],
  severity: 'CRITICAL',
  title: 'Credential in ENV or a label',
  docs: {
    description:
      'Environment variables and labels are stored in the image config: anyone who can pull the image can read them.',
    remediation:
      'Pass credentials at run time (mounted secrets) and at build time with BuildKit secret mounts.',
  },
  check: (ctx) => {
    const hits: RuleHit[] = [];
    for (const e of ctx.config.config?.Env ?? []) {
      const eq = e.indexOf('=');
      const name = eq < 0 ? e : e.slice(0, eq);
      const value = eq < 0 ? '' : e.slice(eq + 1);
      if (value && SECRET_NAME.test(name) && !NOT_SECRET.test(name))
        hits.push({ message: `ENV ${name} holds a credential-like value` });
    }
    for (const [k, v] of Object.entries(ctx.config.config?.Labels ?? {})) {
      const last = k.split(/[./]/).pop() ?? k;
      if (v && SECRET_NAME.test(last.replace(/-/g, '_')) && !NOT_SECRET.test(last.replace(/-/g, '_')))
        hits.push({ message: `label ${k} holds a credential-like value` });
    }
    return hits;
  },
  examples: {
    good: [exampleImage((c) => c.config.config!.Env!.push('DB_PASSWORD_FILE=/run/secrets/db'))],
    bad: [
      exampleImage((c) => c.config.config!.Env!.push('AWS_SECRET_ACCESS_KEY=abc')),
      exampleImage((c) => (c.config.config!.Labels!['ci.token'] = 'x')),
    ],
  },
});

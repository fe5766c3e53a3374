import { defineRule, type RuleHit } from '../../rule.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';
import { isObject } from '../pss/visit.js';

/** Names that say "this is a credential" (polaris sensitiveContainerEnvVar, kubesec). */
const SENSITIVE_NAME = /(PASSW(OR)?D|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

export const rule = defineRule<K8sContext>({
  id: 'k8s:secrets-in-env',
  family: 'k8s',
  refs: ['CKV_K8S_35', 'kubesec:SecretsAsEnvironmentVariables', 'polaris:sensitiveContainerEnvVar'],
  severity: 'MEDIUM',
  title: 'Secret passed as an environment variable',
  docs: {
    description:
      'Environment variables leak into logs, crash dumps, child processes and `kubectl describe`; literal credentials in manifests end up in Git.',
    remediation:
      'Mount Secrets as files (a secret volume) and read them from disk; never put credentials in `env[].value`.',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      const hits: RuleHit[] = [];
      const env = Array.isArray(ref.container.env) ? ref.container.env : [];
      env.forEach((e: unknown, i: number) => {
        if (!isObject(e)) return;
        const name = String(e.name ?? '');
        if (isObject(e.valueFrom) && isObject(e.valueFrom.secretKeyRef)) {
          hits.push({
            message: `${label(ref)} reads secret into env ${name}`,
            path: [...ref.path, 'env', i, 'valueFrom'],
          });
        } else if (typeof e.value === 'string' && e.value !== '' && SENSITIVE_NAME.test(name)) {
          hits.push({
            message: `${label(ref)} sets credential-like env ${name} to a literal value`,
            path: [...ref.path, 'env', i, 'value'],
          });
        }
      });
      const envFrom = Array.isArray(ref.container.envFrom) ? ref.container.envFrom : [];
      envFrom.forEach((e: unknown, i: number) => {
        if (isObject(e) && isObject(e.secretRef)) {
          hits.push({
            message: `${label(ref)} loads secret ${String(e.secretRef.name ?? '')} as env`,
            path: [...ref.path, 'envFrom', i],
          });
        }
      });
      return hits;
    }),
  examples: {
    good: [HARDENED, pod('', 'env:\n  - { name: LOG_LEVEL, value: info }')],
    bad: [
      pod('', 'env:\n  - name: DB_PASSWORD\n    valueFrom: { secretKeyRef: { name: db, key: password } }'),
      pod('', 'env:\n  - { name: API_TOKEN, value: s3cr3t }'),
    ],
  },
});

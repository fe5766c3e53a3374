import { defineRule } from '../../rule.js';
import { isPinnedByDigest, parseImageRef } from '../../image-ref.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:image-pull-policy',
  family: 'k8s',
  refs: ['CKV_K8S_15', 'polaris:pullPolicyNotAlways', 'kube-score:container-image-pull-policy'],
  severity: 'LOW',
  title: 'imagePullPolicy is not Always',
  docs: {
    description:
      'With IfNotPresent a node reuses a cached image without asking the registry, so registry credentials are not checked and a re-pushed tag is not picked up. Images pinned by digest are exempt: the digest already fixes the content.',
    remediation: 'Set `imagePullPolicy: Always`, or pin the image by digest.',
  },
  check: (ctx) =>
    containers(ctx).flatMap((ref) => {
      if (typeof ref.container.image !== 'string' || isPinnedByDigest(parseImageRef(ref.container.image)))
        return [];
      if (ref.container.imagePullPolicy === 'Always') return [];
      const policy = ref.container.imagePullPolicy;
      return [
        {
          message: `${label(ref)} uses imagePullPolicy ${typeof policy === 'string' ? policy : '(default)'}`,
          path: policy === undefined ? ref.path : [...ref.path, 'imagePullPolicy'],
        },
      ];
    }),
  examples: {
    good: [HARDENED, pod('', 'imagePullPolicy: Always')],
    bad: [pod(''), pod('', 'imagePullPolicy: IfNotPresent')],
  },
});

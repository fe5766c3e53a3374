import { defineRule } from '../../rule.js';
import { isPinnedByDigest, parseImageRef } from '../../image-ref.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:image-digest',
  family: 'k8s',
  refs: ['CKV_K8S_43'],
  severity: 'LOW',
  title: 'Image not pinned by digest',
  docs: {
    description:
      'Tags are mutable: whoever can push to the repository can change what runs. A digest names exactly one image.',
    remediation: 'Reference images as `repo:tag@sha256:<digest>` (e.g. resolved by CI or `crane digest`).',
  },
  check: (ctx) =>
    containers(ctx, { ephemeral: true }).flatMap((ref) =>
      typeof ref.container.image === 'string' && !isPinnedByDigest(parseImageRef(ref.container.image))
        ? [
            {
              message: `${label(ref)} image ${ref.container.image} is not pinned by digest`,
              path: [...ref.path, 'image'],
            },
          ]
        : [],
    ),
  examples: { good: [HARDENED], bad: [pod('')] },
});

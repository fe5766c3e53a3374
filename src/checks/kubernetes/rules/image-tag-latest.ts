import { defineRule } from '../../rule.js';
import { isPinnedByDigest, parseImageRef } from '../../image-ref.js';
import { containers, label, type K8sContext } from '../context.js';
import { HARDENED, pod } from '../examples.js';

export const rule = defineRule<K8sContext>({
  id: 'k8s:image-tag-latest',
  family: 'k8s',
  refs: ['KSV-0013', 'CKV_K8S_14', 'polaris:tagNotSpecified', 'kube-score:container-image-tag'],
  severity: 'MEDIUM',
  title: 'Image uses :latest or no tag',
  docs: {
    description:
      'A :latest or missing tag makes deployments unreproducible: any push changes what runs, and rollbacks do not roll back.',
    remediation: 'Use an immutable version tag, ideally together with the digest (`repo:1.4.2@sha256:…`).',
  },
  check: (ctx) =>
    containers(ctx, { ephemeral: true }).flatMap((ref) => {
      if (typeof ref.container.image !== 'string') return [];
      const img = parseImageRef(ref.container.image);
      if (isPinnedByDigest(img)) return [];
      if (img.tag === undefined || img.tag === 'latest') {
        return [
          {
            message: `${label(ref)} uses image ${ref.container.image} (${img.tag ? ':latest' : 'no tag'})`,
            path: [...ref.path, 'image'],
          },
        ];
      }
      return [];
    }),
  examples: {
    good: [HARDENED, pod('')],
    bad: [pod('').replace('app:1.0', 'app:latest'), pod('').replace('app:1.0', 'app')],
  },
});

import { defineRule } from '../../rule.js';
import { isPinnedByDigest, parseImageRef } from '../../image-ref.js';
import type { ComposeContext } from '../context.js';
import { HARDENED_COMPOSE, service } from '../example.js';

export const rule = defineRule<ComposeContext>({
  id: 'compose:image-tag',
  family: 'compose',
  refs: ['k8s:image-tag-latest', 'KSV-0013', 'CKV_K8S_14', 'DS-0001'],
  severity: 'MEDIUM',
  title: 'Image uses :latest or no tag',
  docs: {
    description: 'A :latest or missing tag makes the deployment change whenever someone pushes.',
    remediation: 'Use a version tag and a digest: `image: repo:1.4.2@sha256:…`.',
  },
  check: (ctx) => {
    if (typeof ctx.service.image !== 'string') return [];
    const ref = parseImageRef(ctx.service.image);
    if (isPinnedByDigest(ref) || (ref.tag !== undefined && ref.tag !== 'latest')) return [];
    return [{ message: `service ${ctx.name} uses image ${ctx.service.image}`, path: [...ctx.path, 'image'] }];
  },
  examples: { good: [HARDENED_COMPOSE, service('')], bad: [service('').replace('app:1.0', 'app:latest')] },
});

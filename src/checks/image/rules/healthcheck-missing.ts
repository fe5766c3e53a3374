import { defineRule } from '../../rule.js';
import { exampleImage, type ImageContext } from '../context.js';

export const rule = defineRule<ImageContext>({
  id: 'image:healthcheck-missing',
  family: 'image',
  refs: ['CIS-DI-0006', 'DS-0026', 'DL3057', 'CKV_DOCKER_2'],
  severity: 'LOW',
  title: 'No HEALTHCHECK',
  docs: {
    description:
      'Without a health check, Docker and Compose cannot tell a hung container from a healthy one.',
    remediation: 'Add `HEALTHCHECK CMD …` to the Dockerfile (Kubernetes uses probes instead).',
  },
  check: (ctx) => {
    const test = ctx.config.config?.Healthcheck?.Test;
    return test && test.length && test[0] !== 'NONE' ? [] : [{ message: 'image config has no Healthcheck' }];
  },
  examples: { good: [exampleImage()], bad: [exampleImage((c) => delete c.config.config!.Healthcheck)] },
});

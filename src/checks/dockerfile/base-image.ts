// The base image of each stage that is an image (not `scratch` or an earlier stage).
import { parseImageRef, type ImageRef } from '../image-ref.js';
import { isStageRef, type DockerfileContext } from './context.js';
import type { Stage } from './parse.js';

export function baseImages(ctx: DockerfileContext): { stage: Stage; ref: ImageRef }[] {
  return ctx.dockerfile.stages
    .filter((s) => s.base !== '' && !isStageRef(ctx, s))
    .map((stage) => ({ stage, ref: parseImageRef(stage.base) }));
}

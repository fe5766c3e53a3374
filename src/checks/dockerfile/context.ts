// What a Dockerfile rule sees: the parsed file. Hits carry line numbers.
import type { Dockerfile, Instruction, Stage } from './parse.js';

export interface DockerfileContext {
  dockerfile: Dockerfile;
}

export function finalStage(ctx: DockerfileContext): Stage | undefined {
  return ctx.dockerfile.stages[ctx.dockerfile.stages.length - 1];
}

/** Every instruction with its stage, in file order. */
export function allInstructions(ctx: DockerfileContext): { stage: Stage; ins: Instruction }[] {
  return ctx.dockerfile.stages.flatMap((stage) => stage.instructions.map((ins) => ({ stage, ins })));
}

export function byKeyword(ctx: DockerfileContext, keyword: string): { stage: Stage; ins: Instruction }[] {
  return allInstructions(ctx).filter((x) => x.ins.keyword === keyword);
}

/** Names of earlier stages (so `FROM build` is not an image reference). */
export function isStageRef(ctx: DockerfileContext, stage: Stage): boolean {
  const base = stage.base.toLowerCase();
  return base === 'scratch' || ctx.dockerfile.stages.some((s) => s.index < stage.index && s.name === base);
}

import { defineRule } from '../../rule.js';
import { isPinnedByDigest } from '../../image-ref.js';
import { baseImages } from '../base-image.js';
import type { DockerfileContext } from '../context.js';

export const rule = defineRule<DockerfileContext>({
  id: 'dockerfile:untagged-base-image',
  family: 'dockerfile',
  refs: ['DL3006', 'DS-0001', 'CKV_DOCKER_7'],
  severity: 'MEDIUM',
  title: 'Base image has no tag',
  docs: {
    description: 'FROM without a tag means :latest.',
    remediation: 'Name a version tag: `FROM alpine:3.20`.',
  },
  check: (ctx) =>
    baseImages(ctx)
      .filter(({ ref }) => ref.tag === undefined && !isPinnedByDigest(ref) && !ref.name.includes('$'))
      .map(({ stage }) => ({ message: `FROM ${stage.base} has no tag`, line: stage.from.line })),
  examples: {
    good: [
      'FROM alpine:3.20\n',
      'ARG BASE=alpine:3.20\nFROM ${BASE}\n',
      'FROM golang:1.23 AS build\nFROM build\n',
    ],
    bad: ['FROM alpine\n', 'ARG BASE=alpine\nFROM ${BASE}\n'],
  },
});

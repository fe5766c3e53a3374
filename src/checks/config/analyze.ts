// `bulwark config` as a pure function: sources in, misconfigurations and notices out. Reads no
// files (walk.ts does), so the examples of every rule and the webhook can call it directly.
import type { Misconfiguration } from '../../core/model.js';
import { composeRules } from '../compose/rules/api.js';
import { isComposeDocument, services } from '../compose/context.js';
import { dockerfileRules } from '../dockerfile/rules/api.js';
import { parseDockerfile } from '../dockerfile/parse.js';
import type { K8sContext } from '../kubernetes/context.js';
import { evaluatePod } from '../kubernetes/pss/evaluate.js';
import type { LevelVersion } from '../kubernetes/pss/version.js';
import type { FieldPath } from '../kubernetes/pss/types.js';
import {
  isK8sObject,
  k8sObjects,
  KNOWN_KINDS_WITHOUT_PODS,
  podTemplates,
  type K8sObject,
} from '../kubernetes/objects.js';
import { k8sRules } from '../kubernetes/rules/api.js';
import { isOciRuntimeConfig } from '../oci/context.js';
import { ociRules } from '../oci/rules/api.js';
import type { Rule, RuleHit } from '../rule.js';
import { DEFAULT_SOURCE_LIMITS, type SourceLimits } from '../source/text.js';
import { parseYamlDocuments, type YamlDocument } from '../source/yaml.js';
import { fileKind, type FileKind } from './detect.js';
import { pssFinding } from './pss-finding.js';

export interface ConfigSource {
  file: string;
  text: string;
  /** Force the file kind (e.g. a Dockerfile with an unusual name); default: by name. */
  kind?: FileKind;
}

export interface AnalyzeOptions {
  /** Evaluate Kubernetes pods against this Pod Security Standard instead of the extended rules. */
  pss?: LevelVersion;
  /** Run only these rule ids (e.g. in rule tests); default all. */
  only?: ReadonlySet<string>;
  limits?: SourceLimits;
}

export type DetectedType = 'dockerfile' | 'kubernetes' | 'compose' | 'oci-runtime';

export interface AnalyzeResult {
  misconfigurations: Misconfiguration[];
  warnings: string[];
  /** Each file and what it was recognised as (files with nothing to check have an empty list). */
  files: { file: string; types: DetectedType[] }[];
}

export interface K8sItem {
  file: string;
  doc: YamlDocument;
  object: K8sObject;
}

function enabled<C>(rules: Record<string, Rule<C>>, only?: ReadonlySet<string>): Rule<C>[] {
  return Object.values(rules).filter((r) => !only || only.has(r.id));
}

function finding(
  rule: Rule<unknown>,
  hit: RuleHit,
  file: string,
  line: number | undefined,
  resource?: string,
): Misconfiguration {
  return {
    id: rule.id,
    refs: [...rule.refs],
    severity: rule.severity,
    title: rule.title,
    file,
    ...(line !== undefined ? { line } : {}),
    message: hit.message,
    ...((hit.resource ?? resource) ? { resource: hit.resource ?? resource } : {}),
  };
}

/** One file, parsed and checked except for Kubernetes objects, which need every file (NetworkPolicies). */
export interface LoadedSource {
  misconfigurations: Misconfiguration[];
  warnings: string[];
  file: { file: string; types: DetectedType[] };
  k8s: K8sItem[];
}

export function loadSource(src: ConfigSource, opts: AnalyzeOptions = {}): LoadedSource {
  const limits = opts.limits ?? DEFAULT_SOURCE_LIMITS;
  const out: Misconfiguration[] = [];
  const warnings: string[] = [];
  const k8s: K8sItem[] = [];
  const kind = src.kind ?? fileKind(src.file);
  const types = new Set<DetectedType>();
  if (kind === 'dockerfile') {
    const ctx = { dockerfile: parseDockerfile(src.text) };
    types.add('dockerfile');
    if (!ctx.dockerfile.stages.length)
      warnings.push(`${src.file}:1: no FROM instruction; not a Dockerfile? skipped`);
    else
      for (const rule of enabled(dockerfileRules, opts.only))
        for (const hit of rule.check(ctx)) out.push(finding(rule, hit, src.file, hit.line));
  } else if (kind === 'yaml') {
    for (const doc of parseYamlDocuments(src.file, src.text, limits)) {
      const v = doc.value;
      if (isK8sObject(v)) {
        types.add('kubernetes');
        for (const object of k8sObjects(v)) k8s.push({ file: src.file, doc, object });
      } else if (isComposeDocument(v)) {
        types.add('compose');
        for (const ctx of services(v)) {
          for (const rule of enabled(composeRules, opts.only)) {
            for (const hit of rule.check(ctx))
              out.push(finding(rule, hit, src.file, doc.lineOf(hit.path ?? ctx.path), `service/${ctx.name}`));
          }
        }
      } else if (isOciRuntimeConfig(v)) {
        types.add('oci-runtime');
        for (const rule of enabled(ociRules, opts.only)) {
          for (const hit of rule.check({ config: v }))
            out.push(finding(rule, hit, src.file, doc.lineOf(hit.path ?? [])));
        }
      }
    }
  }
  return { misconfigurations: out, warnings, file: { file: src.file, types: [...types] }, k8s };
}

/** Check every Kubernetes object with the others in view. */
export function evaluateKubernetes(
  k8s: K8sItem[],
  opts: AnalyzeOptions = {},
): { misconfigurations: Misconfiguration[]; warnings: string[] } {
  const out: Misconfiguration[] = [];
  const warnings: string[] = [];
  const all = k8s.map((i) => i.object);
  const rules = opts.pss ? [] : enabled(k8sRules, opts.only);
  for (const { file, doc, object } of k8s) {
    const templates = podTemplates(object.value);
    const resource = `${object.kind}/${object.name}`;
    const lineOf = (p: FieldPath) => doc.lineOf([...object.path, ...p]);
    if (!templates.length) {
      if (!KNOWN_KINDS_WITHOUT_PODS.has(object.kind)) {
        warnings.push(
          `${file}:${lineOf([])}: ${resource} (${object.apiVersion}): kind ${object.kind} has no pod template Bulwark can find; skipped`,
        );
      }
      continue;
    }
    for (const template of templates) {
      if (opts.pss) {
        for (const v of evaluatePod(opts.pss, template.pod)) {
          out.push(
            pssFinding(v, opts.pss, file, lineOf([...template.path, ...(v.paths[0] ?? ['spec'])]), resource),
          );
        }
        continue;
      }
      const ctx: K8sContext = { object, template, all };
      for (const rule of rules)
        for (const hit of rule.check(ctx))
          out.push(finding(rule, hit, file, lineOf(hit.path ?? template.path), resource));
    }
  }
  return { misconfigurations: out, warnings };
}

export function sortFindings(items: Misconfiguration[]): Misconfiguration[] {
  return items.sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || a.id.localeCompare(b.id),
  );
}

export function analyzeSources(sources: ConfigSource[], opts: AnalyzeOptions = {}): AnalyzeResult {
  const loaded = sources.map((s) => loadSource(s, opts));
  return combine(loaded, opts);
}

export function combine(loaded: LoadedSource[], opts: AnalyzeOptions = {}): AnalyzeResult {
  const k8s = evaluateKubernetes(
    loaded.flatMap((l) => l.k8s),
    opts,
  );
  return {
    misconfigurations: sortFindings([
      ...loaded.flatMap((l) => l.misconfigurations),
      ...k8s.misconfigurations,
    ]),
    warnings: [...loaded.flatMap((l) => l.warnings), ...k8s.warnings],
    files: loaded.map((l) => l.file),
  };
}

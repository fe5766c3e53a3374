// Kubernetes objects and their pod templates, found structurally: any map under the object whose
// `spec.containers` is a list is a PodTemplateSpec (Deployment spec.template, CronJob
// spec.jobTemplate.spec.template, Argo Rollout spec.template, Knative spec.template, PodTemplate
// template …). A Pod is its own template. `kind: List` is expanded into its items.
import type { FieldPath, PodLike } from './pss/types.js';
import { isObject } from './pss/visit.js';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  labels: Record<string, string>;
  value: Record<string, unknown>;
  /** Path of the object inside its YAML document (non-empty for List items). */
  path: FieldPath;
}

export interface PodTemplate {
  pod: PodLike;
  /** Path of the template inside the object ([] for a Pod). */
  path: FieldPath;
}

/** Kinds that carry no pod template and need no notice when skipped. */
export const KNOWN_KINDS_WITHOUT_PODS: ReadonlySet<string> = new Set([
  'APIService',
  'Binding',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'ConfigMap',
  'ControllerRevision',
  'CSIDriver',
  'CSINode',
  'CSIStorageCapacity',
  'CustomResourceDefinition',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'FlowSchema',
  'HorizontalPodAutoscaler',
  'Ingress',
  'IngressClass',
  'Lease',
  'LimitRange',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'NetworkPolicy',
  'Node',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'PodDisruptionBudget',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'ResourceClaim',
  'ResourceClaimTemplate',
  'ResourceQuota',
  'Role',
  'RoleBinding',
  'RuntimeClass',
  'Secret',
  'Service',
  'ServiceAccount',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'DeviceClass',
  'Gateway',
  'GatewayClass',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'UDPRoute',
  'ReferenceGrant',
  'Kustomization',
  'Certificate',
  'Issuer',
  'ClusterIssuer',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
]);

/** Kinds whose pod template we expect; a missing template there is worth a notice. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'PodTemplate',
]);

function labelsOf(meta: unknown): Record<string, string> {
  const labels = isObject(meta) && isObject(meta.labels) ? meta.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) out[k] = String(v);
  return out;
}

/** True when a YAML document looks like a Kubernetes object (apiVersion and kind strings). */
export function isK8sObject(v: unknown): v is Record<string, unknown> {
  return isObject(v) && typeof v.apiVersion === 'string' && typeof v.kind === 'string';
}

export function k8sObjects(doc: unknown): K8sObject[] {
  if (!isK8sObject(doc)) return [];
  if (doc.kind === 'List' || (doc.kind as string).endsWith('List')) {
    const items = Array.isArray(doc.items) ? doc.items : [];
    return items.flatMap((item, i) =>
      isK8sObject(item) ? k8sObjects(item).map((o) => ({ ...o, path: ['items', i, ...o.path] })) : [],
    );
  }
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  return [
    {
      apiVersion: doc.apiVersion as string,
      kind: doc.kind as string,
      name:
        typeof meta.name === 'string'
          ? meta.name
          : typeof meta.generateName === 'string'
            ? meta.generateName
            : '',
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
      labels: labelsOf(meta),
      value: doc,
      path: [],
    },
  ];
}

const SKIP_KEYS = new Set(['metadata', 'status']);
const MAX_DEPTH = 12;

/** Every pod template in the object, outermost first; templates are not searched inside. */
export function podTemplates(obj: Record<string, unknown>): PodTemplate[] {
  const out: PodTemplate[] = [];
  const visit = (node: unknown, path: FieldPath, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i], depth + 1));
      return;
    }
    if (!isObject(node)) return;
    if (isObject(node.spec) && Array.isArray(node.spec.containers)) {
      out.push({ pod: node as PodLike, path });
      return;
    }
    for (const [k, v] of Object.entries(node)) {
      if (!SKIP_KEYS.has(k) && (isObject(v) || Array.isArray(v))) visit(v, [...path, k], depth + 1);
    }
  };
  visit(obj, [], 0);
  return out;
}

// Pod Security Standards: the shapes the checks read and the result they return.
// ref: kubernetes/pod-security-admission policy/checks.go (Check, VersionedCheck, CheckResult).
// The pod is a plain decoded object (YAML/JSON/AdmissionReview); fields may have any type, so every
// check tests values exactly (`=== true`) and never assumes an array is an array (see `list`).

export type PssLevel = 'baseline' | 'restricted';

/** A path into the pod object, e.g. ['spec', 'containers', 0, 'securityContext', 'privileged']. */
export type FieldPath = (string | number)[];

export interface SecurityContextLike {
  privileged?: unknown;
  allowPrivilegeEscalation?: unknown;
  runAsNonRoot?: unknown;
  runAsUser?: unknown;
  runAsGroup?: unknown;
  procMount?: unknown;
  readOnlyRootFilesystem?: unknown;
  capabilities?: { add?: unknown; drop?: unknown } | null;
  seLinuxOptions?: { type?: unknown; user?: unknown; role?: unknown; level?: unknown } | null;
  seccompProfile?: { type?: unknown; localhostProfile?: unknown } | null;
  appArmorProfile?: { type?: unknown; localhostProfile?: unknown } | null;
  windowsOptions?: { hostProcess?: unknown } | null;
  sysctls?: unknown;
  supplementalGroups?: unknown;
  fsGroup?: unknown;
}

export interface HandlerLike {
  httpGet?: { host?: unknown } | null;
  tcpSocket?: { host?: unknown } | null;
}

export interface ContainerLike {
  name?: unknown;
  image?: unknown;
  imagePullPolicy?: unknown;
  securityContext?: SecurityContextLike | null;
  ports?: unknown;
  env?: unknown;
  envFrom?: unknown;
  resources?: { limits?: Record<string, unknown> | null; requests?: Record<string, unknown> | null } | null;
  livenessProbe?: HandlerLike | null;
  readinessProbe?: HandlerLike | null;
  startupProbe?: HandlerLike | null;
  lifecycle?: { postStart?: HandlerLike | null; preStop?: HandlerLike | null } | null;
  volumeMounts?: unknown;
}

export interface PodSpecLike {
  hostNetwork?: unknown;
  hostPID?: unknown;
  hostIPC?: unknown;
  hostUsers?: unknown;
  os?: { name?: unknown } | null;
  securityContext?: SecurityContextLike | null;
  containers?: unknown;
  initContainers?: unknown;
  ephemeralContainers?: unknown;
  volumes?: unknown;
  automountServiceAccountToken?: unknown;
  serviceAccountName?: unknown;
}

export interface PodMetaLike {
  name?: unknown;
  namespace?: unknown;
  annotations?: Record<string, unknown> | null;
  labels?: Record<string, unknown> | null;
}

/** A pod, or the pod template of a workload: `metadata` and `spec` as in core/v1 PodTemplateSpec. */
export interface PodLike {
  metadata?: PodMetaLike | null;
  spec?: PodSpecLike | null;
}

/** A failed check. Passing checks return null so that evaluation allocates nothing for clean pods. */
export interface PssViolation {
  checkId: string;
  /** Short reason, as PSA prints it ("privileged", "host namespaces" …). */
  reason: string;
  /** What exactly is wrong and what to set instead. */
  detail: string;
  /** Offending fields relative to the pod template (first one is used for the line number). */
  paths: FieldPath[];
}

export type CheckPodFn = (pod: PodLike) => PssViolation | null;

export interface VersionedCheck {
  /** First policy minor version (1.x) this implementation applies to. */
  minimumMinor: number;
  checkPod: CheckPodFn;
  /** Baseline check ids this restricted check replaces from this version on. */
  overrides?: string[];
}

export interface PssCheck {
  id: string;
  level: PssLevel;
  /** Strictly increasing by minimumMinor. */
  versions: VersionedCheck[];
}

// The k8s_audit source: `ka.*` fields of the k8saudit plugin and `jevt.*`/`json.*` fields of the json
// plugin, over the raw audit Event object. Field list and list/argument flags follow
// plugins/k8saudit/pkg/k8saudit/fields.go; semantics follow extract.go (see k8s-audit-extract.ts).
import { isoToNs } from './syscall.js';
import type { Extractor, FieldSource, ResolvedField, Scalar } from './types.js';
import {
  asString,
  getPath,
  hostPorts,
  imageRepository,
  isNA,
  joinedStringArrays,
  jsonPointer,
  stringsSkipNil,
  stringsStrict,
  subjectNames,
  uriParam,
  valuesRecursive,
  volumeTypes,
  type Json,
} from './k8s-audit-extract.js';

export type AuditEvent = Record<string, unknown>;

type Arg = string | undefined;
type Impl = (ev: AuditEvent, arg: Arg) => Scalar | Scalar[] | undefined;

interface Spec {
  list: boolean;
  /** 'none': no argument; 'index': optional numeric index; 'key': required key. */
  arg: 'none' | 'index' | 'key';
  impl: Impl;
}

const keys =
  (...path: string[]): Impl =>
  (ev) =>
    asString(getPath(ev, path));

const listKeys =
  (...path: string[]): Impl =>
  (ev) => {
    const v = getPath(ev, path);
    if (v === undefined || !Array.isArray(v)) return undefined;
    return nonEmpty(v.map((x) => asString(x) ?? 'null'));
  };

function nonEmpty(v: string[] | undefined): string[] | undefined {
  return v && v.length ? v : undefined;
}

function idx(arg: Arg): number | undefined {
  return arg === undefined ? undefined : Number(arg);
}

function recursive(ev: AuditEvent, arg: Arg, path: string[]): Json[] | undefined {
  const r = valuesRecursive(ev, idx(arg), path);
  return isNA(r) ? undefined : r;
}

function rulesField(key: string): Impl {
  return (ev, arg) => {
    const arr = recursive(ev, arg, ['requestObject', 'rules', key]);
    if (!arr) return undefined;
    const out: string[] = [];
    for (const v of arr) if (Array.isArray(v)) out.push(...stringsSkipNil(v));
    return nonEmpty(out);
  };
}

function containerFields(list: string): Record<string, Spec> {
  const vals = (ev: AuditEvent, arg: Arg, ...sub: string[]): Json[] | undefined =>
    recursive(ev, arg, ['requestObject', 'spec', list, ...sub]);
  const skipNil =
    (...sub: string[]): Impl =>
    (ev, arg) => {
      const v = vals(ev, arg, ...sub);
      return v ? nonEmpty(stringsSkipNil(v)) : undefined;
    };
  const effective =
    (key: string): Impl =>
    (ev, arg) => {
      const podLevel = getPath(ev, ['requestObject', 'spec', 'securityContext', key]);
      const dflt = podLevel === undefined ? '0' : asString(podLevel)!;
      const v = vals(ev, arg, 'securityContext', key);
      return v ? nonEmpty(v.map((x) => (x === undefined ? dflt : asString(x)!))) : undefined;
    };
  const images: Impl = (ev, arg) => {
    const v = vals(ev, arg, 'image');
    return v ? nonEmpty(stringsStrict(v)) : undefined;
  };
  const p = `ka.req.pod.${list}.`;
  const spec = (impl: Impl): Spec => ({ list: true, arg: 'index', impl });
  return {
    [`${p}args`]: spec((ev, arg) => {
      const v = vals(ev, arg, 'args');
      return v ? joinedStringArrays(v) : undefined;
    }),
    [`${p}command`]: spec((ev, arg) => {
      const v = vals(ev, arg, 'command');
      return v ? joinedStringArrays(v) : undefined;
    }),
    [`${p}name`]: spec((ev, arg) => {
      const v = vals(ev, arg, 'name');
      return v ? nonEmpty(stringsStrict(v)) : undefined;
    }),
    [`${p}image`]: spec(images),
    [`${p}image.repository`]: spec((ev, arg) => {
      const v = images(ev, arg) as string[] | undefined;
      return v?.map(imageRepository);
    }),
    ...(list === 'ephemeralContainers'
      ? {}
      : {
          [`${p}host_port`]: spec((ev, arg) => {
            const v = vals(ev, arg, 'ports');
            return v ? nonEmpty(hostPorts(v)) : undefined;
          }),
        }),
    [`${p}privileged`]: spec(skipNil('securityContext', 'privileged')),
    [`${p}allow_privilege_escalation`]: spec(skipNil('securityContext', 'allowPrivilegeEscalation')),
    [`${p}read_only_fs`]: spec(skipNil('securityContext', 'readOnlyRootFilesystem')),
    [`${p}run_as_user`]: spec(skipNil('securityContext', 'runAsUser')),
    [`${p}eff_run_as_user`]: spec(effective('runAsUser')),
    [`${p}run_as_group`]: spec(skipNil('securityContext', 'runAsGroup')),
    [`${p}eff_run_as_group`]: spec(effective('runAsGroup')),
    [`${p}proc_mount`]: spec(skipNil('securityContext', 'procMount')),
    [`${p}add_capabilities`]: spec(skipNil('securityContext', 'capabilities', 'add')),
  };
}

const one = (impl: Impl): Spec => ({ list: false, arg: 'none', impl });
const many = (impl: Impl, arg: Spec['arg'] = 'none'): Spec => ({ list: true, arg, impl });

const firstContainer =
  (sub: string): Impl =>
  (ev) => {
    const v = valuesRecursive(ev, 0, ['requestObject', 'spec', 'containers', sub]);
    if (isNA(v)) return undefined;
    const s = stringsStrict(v);
    return s?.[0];
  };

const KA: Record<string, Spec> = {
  'ka.auditid': one(keys('auditID')),
  'ka.stage': one(keys('stage')),
  'ka.auth.decision': one(keys('annotations', 'authorization.k8s.io/decision')),
  'ka.auth.reason': one(keys('annotations', 'authorization.k8s.io/reason')),
  'ka.auth.openshift.decision': one(keys('annotations', 'authentication.openshift.io/decision')),
  'ka.auth.openshift.username': one(keys('annotations', 'authentication.openshift.io/username')),
  'ka.validations.admission.policy.failure': one(
    keys('annotations', 'validation.policy.admission.k8s.io/validation_failure'),
  ),
  'ka.security.pod.violations': one(keys('annotations', 'pod-security.kubernetes.io/audit-violations')),
  'ka.user.name': one(keys('user', 'username')),
  'ka.user.groups': many(listKeys('user', 'groups')),
  'ka.impuser.name': one(keys('impersonatedUser', 'username')),
  'ka.verb': one(keys('verb')),
  'ka.uri': one(keys('requestURI')),
  'ka.uri.param': {
    list: false,
    arg: 'key',
    impl: (ev, arg) => {
      const uri = asString(getPath(ev, ['requestURI']));
      return uri === undefined || arg === undefined ? undefined : uriParam(uri, arg);
    },
  },
  'ka.target.name': one(keys('objectRef', 'name')),
  'ka.target.namespace': one(keys('objectRef', 'namespace')),
  'ka.target.resource': one(keys('objectRef', 'resource')),
  'ka.target.subresource': one(keys('objectRef', 'subresource')),
  'ka.target.pod.name': one((ev) => {
    if (getPath(ev, ['objectRef', 'resource']) !== 'pods') return undefined;
    const sub = getPath(ev, ['objectRef', 'subresource']);
    if (typeof sub === 'string' && sub !== '') return undefined;
    return asString(getPath(ev, ['responseObject', 'metadata', 'name']));
  }),
  'ka.req.binding.subjects': many(listKeys('requestObject', 'subjects')),
  'ka.req.binding.subjects.user_names': many((ev) => nonEmpty(subjectNames(ev, 'User'))),
  'ka.req.binding.subjects.serviceaccount_names': many((ev) => nonEmpty(subjectNames(ev, 'ServiceAccount'))),
  'ka.req.binding.subjects.serviceaccount_ns_names': many((ev) =>
    nonEmpty(subjectNames(ev, 'NamespacedServiceAccount')),
  ),
  'ka.req.binding.subjects.group_names': many((ev) => nonEmpty(subjectNames(ev, 'Group'))),
  'ka.req.binding.role': one(keys('requestObject', 'roleRef', 'name')),
  // extract.go documents N/A but returns "true", like the original implementation.
  'ka.req.binding.subject.has_name': { list: false, arg: 'key', impl: () => 'true' },
  'ka.req.configmap.name': one(keys('objectRef', 'name')),
  'ka.req.configmap.obj': one(keys('requestObject', 'data')),
  'ka.req.container.image': one(firstContainer('image')),
  'ka.req.container.image.repository': one((ev) => {
    const img = firstContainer('image')(ev, undefined);
    return typeof img === 'string' ? imageRepository(img) : undefined;
  }),
  'ka.req.pod.host_ipc': one(keys('requestObject', 'spec', 'hostIPC')),
  'ka.req.pod.host_network': one(keys('requestObject', 'spec', 'hostNetwork')),
  'ka.req.container.host_network': one(keys('requestObject', 'spec', 'hostNetwork')),
  'ka.req.pod.host_pid': one(keys('requestObject', 'spec', 'hostPID')),
  'ka.req.container.privileged': one((ev) => {
    const v = valuesRecursive(ev, undefined, [
      'requestObject',
      'spec',
      'containers',
      'securityContext',
      'privileged',
    ]);
    if (isNA(v)) return undefined;
    return v.some((x) => x === true) ? 'true' : 'false';
  }),
  'ka.req.pod.run_as_user': one(keys('requestObject', 'spec', 'securityContext', 'runAsUser')),
  'ka.req.pod.run_as_group': one(keys('requestObject', 'spec', 'securityContext', 'runAsGroup')),
  'ka.req.role.rules': many(listKeys('requestObject', 'rules')),
  'ka.req.role.rules.apiGroups': many(rulesField('apiGroups'), 'index'),
  'ka.req.role.rules.nonResourceURLs': many(rulesField('nonResourceURLs'), 'index'),
  'ka.req.role.rules.verbs': many(rulesField('verbs'), 'index'),
  'ka.req.role.rules.resources': many(rulesField('resources'), 'index'),
  'ka.req.pod.fs_group': one(keys('requestObject', 'spec', 'securityContext', 'fsGroup')),
  'ka.req.pod.supplemental_groups': many(
    listKeys('requestObject', 'spec', 'securityContext', 'supplementalGroups'),
  ),
  'ka.req.service.type': one(keys('requestObject', 'spec', 'type')),
  'ka.req.service.ports': many((ev, arg) => {
    const v = recursive(ev, arg, ['requestObject', 'spec', 'ports']);
    return v ? nonEmpty(stringsSkipNil(v)) : undefined;
  }, 'index'),
  'ka.req.pod.volumes.hostpath': many((ev, arg) => {
    const v = recursive(ev, arg, ['requestObject', 'spec', 'volumes', 'hostPath', 'path']);
    return v ? nonEmpty(stringsSkipNil(v)) : undefined;
  }, 'index'),
  'ka.req.volume.hostpath': {
    list: false,
    arg: 'key',
    impl: (ev, arg) => {
      const v = recursive(ev, undefined, ['requestObject', 'spec', 'volumes', 'hostPath', 'path']);
      if (!v || arg === undefined) return undefined;
      const prefix = arg.endsWith('*') ? arg.slice(0, -1) : undefined;
      const hit = stringsSkipNil(v).some((p) => (prefix !== undefined && p.startsWith(prefix)) || p === arg);
      return hit ? 'true' : 'false';
    },
  },
  'ka.req.pod.volumes.flexvolume_driver': many((ev, arg) => {
    const v = recursive(ev, arg, ['requestObject', 'spec', 'volumes', 'flexVolume', 'driver']);
    return v ? nonEmpty(stringsSkipNil(v)) : undefined;
  }, 'index'),
  'ka.req.pod.volumes.volume_type': many((ev, arg) => {
    const v = recursive(ev, arg, ['requestObject', 'spec', 'volumes', '']);
    return v ? nonEmpty(volumeTypes(v)) : undefined;
  }, 'index'),
  'ka.resp.name': one(keys('responseObject', 'metadata', 'name')),
  'ka.response.code': one(keys('responseStatus', 'code')),
  'ka.response.reason': one(keys('responseStatus', 'reason')),
  'ka.useragent': one(keys('userAgent')),
  // extract.go reads this under requestObject.rules (a plugin bug); the documented meaning is the
  // event's top-level sourceIPs, which is what we extract.
  'ka.sourceips': many((ev, arg) => {
    const v = getPath(ev, ['sourceIPs']);
    if (!Array.isArray(v)) return undefined;
    const i = idx(arg);
    const vals = i === undefined ? v : v[i] === undefined ? [] : [v[i]];
    return nonEmpty(stringsSkipNil(vals));
  }, 'index'),
  'ka.cluster.name': one(keys('annotations', 'cluster_name')),
  ...containerFields('containers'),
  ...containerFields('initContainers'),
  ...containerFields('ephemeralContainers'),
};

/** The audit event's time: stageTimestamp (RFC 3339 with nanoseconds), as the plugin stamps events. */
export function auditTimeNs(ev: AuditEvent): bigint | undefined {
  const ts = ev.stageTimestamp;
  return typeof ts === 'string' ? isoToNs(ts) : undefined;
}

function jsonField(name: string, arg: Arg): Extractor<AuditEvent> | string {
  const base = name.replace(/^json\./, 'jevt.');
  switch (base) {
    case 'jevt.value':
      if (arg === undefined) return `field '${name}' requires an argument`;
      return (ev) => asString(jsonPointer(ev, arg));
    case 'jevt.obj':
      if (arg !== undefined) return `field '${name}' does not support arguments`;
      return (ev) => JSON.stringify(ev, null, 2);
    case 'jevt.rawtime':
      if (arg !== undefined) return `field '${name}' does not support arguments`;
      return (ev) => auditTimeNs(ev)?.toString();
    default:
      return `filter_check called with nonexistent field ${name}`;
  }
}

export const k8sAuditSource: FieldSource<AuditEvent> = {
  id: 'k8s_audit',

  resolve(field: string, arg: string | undefined): ResolvedField<AuditEvent> | string {
    const name = arg === undefined ? field : `${field}[${arg}]`;
    if (field.startsWith('jevt.') || field.startsWith('json.')) {
      const ex = jsonField(field, arg);
      if (typeof ex === 'string') return ex;
      return { info: { name, type: 'string', list: false, anyOf: false }, extract: ex };
    }
    const spec = KA[field];
    if (!spec) return `filter_check called with nonexistent field ${field}`;
    if (spec.arg === 'none' && arg !== undefined) return `field '${field}' does not support arguments`;
    if (spec.arg === 'key' && arg === undefined) return `field '${field}' requires an argument`;
    if (spec.arg === 'index' && arg !== undefined && !/^\d+$/.test(arg)) {
      return `field '${field}' needs a numeric index, got '${arg}'`;
    }
    const impl = spec.impl;
    return {
      info: { name, type: 'string', list: spec.list, anyOf: false },
      // Events without an auditID are not audit events: every ka.* field is unavailable (extract.go).
      extract: (ev) => (ev.auditID === undefined ? undefined : impl(ev, arg)),
    };
  },

  timeNs: auditTimeNs,
};

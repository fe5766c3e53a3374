// ka.* and jevt.* extraction on real audit samples, with the k8saudit/json plugin semantics.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithFixtures, fixture } from '../../../../test/support/fixtures.js';
import { k8sAuditSource, type AuditEvent } from './k8s-audit.js';

const sample = (name: string): AuditEvent =>
  JSON.parse(readFileSync(fixture('falco/k8s_audit_samples', name), 'utf8').split('\n')[0]!) as AuditEvent;

function get(ev: AuditEvent, field: string, arg?: string): unknown {
  const r = k8sAuditSource.resolve(field, arg);
  if (typeof r === 'string') throw new Error(r);
  return r.extract(ev);
}

describeWithFixtures('k8s_audit field extraction', ['falco/k8s_audit_samples'], () => {
  it.each([
    ['create_cluster_role_wildcard_verbs.json', 'ka.verb', undefined, 'create'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.user.name', undefined, 'minikube-user'],
    [
      'create_cluster_role_wildcard_verbs.json',
      'ka.uri',
      undefined,
      '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    ],
    ['create_cluster_role_wildcard_verbs.json', 'ka.target.resource', undefined, 'clusterroles'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.target.name', undefined, 'some-reader'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.target.namespace', undefined, undefined],
    ['create_cluster_role_wildcard_verbs.json', 'ka.response.code', undefined, '201'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.auth.decision', undefined, 'allow'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.auth.reason', undefined, ''],
    ['create_cluster_role_wildcard_verbs.json', 'ka.stage', undefined, 'ResponseComplete'],
    ['create_cluster_role_wildcard_verbs.json', 'ka.req.role.rules.verbs', undefined, ['*', 'get']],
    ['create_cluster_role_wildcard_verbs.json', 'ka.req.role.rules.verbs', '1', ['get']],
    ['create_cluster_role_wildcard_verbs.json', 'ka.req.role.rules.resources', undefined, ['pods']],
    ['create_cluster_role_wildcard_verbs.json', 'ka.req.role.rules.apiGroups', undefined, ['']],
    [
      'create_cluster_role_wildcard_verbs.json',
      'ka.req.role.rules',
      undefined,
      [
        '{"apiGroups":[""],"resources":["pods"],"verbs":["*"]}',
        '{"nonResourceURLs":["/api","/api/*","/apis","/apis/*","/healthz","/openapi","/openapi/*","/swagger-2.0.0.pb-v1","/swagger.json","/swaggerapi","/swaggerapi/*","/version","/version/"],"verbs":["get"]}',
      ],
    ],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.volumes.hostpath', undefined, ['/etc']],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.volume.hostpath', '/et*', 'true'],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.volume.hostpath', '/var', 'false'],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.volumes.volume_type', undefined, ['hostPath']],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.containers.image', undefined, ['nginx']],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.containers.image.repository', undefined, ['nginx']],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.container.image', undefined, 'nginx'],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.containers.privileged', undefined, undefined],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.container.privileged', undefined, 'false'],
    ['create_nginx_pod_sensitive_mount.json', 'ka.resp.name', undefined, 'nginx-deployment-7d5b5dd9cf-t8ngb'],
    [
      'create_nginx_pod_sensitive_mount.json',
      'ka.target.pod.name',
      undefined,
      'nginx-deployment-7d5b5dd9cf-t8ngb',
    ],
    ['create_nginx_pod_sensitive_mount.json', 'ka.req.pod.initContainers.image', undefined, undefined],
    ['create_nginx_pod_privileged.json', 'ka.req.pod.containers.privileged', undefined, ['true']],
    ['create_nginx_pod_privileged.json', 'ka.req.container.privileged', undefined, 'true'],
    ['create_nginx_pod_hostnetwork.json', 'ka.req.pod.host_network', undefined, 'true'],
    ['attach_cluster_admin_role.json', 'ka.req.binding.role', undefined, 'cluster-admin'],
    [
      'attach_cluster_admin_role.json',
      'ka.req.binding.subjects',
      undefined,
      ['{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"minikube"}'],
    ],
    ['attach_cluster_admin_role.json', 'ka.req.binding.subjects.user_names', undefined, ['minikube']],
    ['attach_cluster_admin_role.json', 'ka.req.binding.subjects.group_names', undefined, undefined],
    ['exec_pod.json', 'ka.target.subresource', undefined, 'exec'],
    ['exec_pod.json', 'ka.uri.param', 'command', 'bash'],
    ['exec_pod.json', 'ka.uri.param', 'container', 'nginx1'],
    ['exec_pod.json', 'ka.uri.param', 'missing', undefined],
    ['exec_pod.json', 'ka.target.pod.name', undefined, undefined],
    ['create_nginx_service_nodeport.json', 'ka.req.service.type', undefined, 'NodePort'],
    [
      'create_nginx_service_nodeport.json',
      'ka.req.service.ports',
      undefined,
      ['[{"nodePort":30080,"port":80,"protocol":"TCP","targetPort":80}]'],
    ],
    ['create_configmap_sensitive_values.json', 'ka.req.configmap.name', undefined, 'my-config'],
    ['anonymous_creates_namespace_foo.json', 'ka.user.name', undefined, 'system:anonymous'],
    ['anonymous_creates_namespace_foo.json', 'jevt.value', '/objectRef/name', 'foo'],
    ['anonymous_creates_namespace_foo.json', 'jevt.value', '/responseStatus/code', '201'],
    ['anonymous_creates_namespace_foo.json', 'jevt.value', '/responseStatus', '{"metadata":{},"code":201}'],
    ['anonymous_creates_namespace_foo.json', 'jevt.value', '/nope', undefined],
    ['anonymous_creates_namespace_foo.json', 'json.value', '/stage', 'ResponseComplete'],
    ['anonymous_creates_namespace_foo.json', 'jevt.rawtime', undefined, '1540475929736141000'],
  ])('%s %s[%s] → %j', (file, field, arg, expected) => {
    expect(get(sample(file), field, arg)).toEqual(expected);
  });

  it('ka.req.configmap.obj is the data as compact JSON', () => {
    const v = get(sample('create_configmap_sensitive_values.json'), 'ka.req.configmap.obj') as string;
    expect(v.startsWith('{"access.properties":"aws_access_key_id = MY-ID\\n')).toBe(true);
  });

  it('jevt.obj is the whole event, indented', () => {
    const ev = sample('exec_pod.json');
    expect(JSON.parse(get(ev, 'jevt.obj') as string)).toEqual(ev);
  });
});

describe('k8s_audit field resolution', () => {
  it.each([
    ['ka.nope', undefined, 'nonexistent field ka.nope'],
    ['ka.verb', 'x', 'does not support arguments'],
    ['ka.uri.param', undefined, 'requires an argument'],
    ['ka.req.pod.containers.image', 'x', 'needs a numeric index'],
    ['jevt.value', undefined, 'requires an argument'],
  ])('%s[%s] is rejected', (field, arg, message) => {
    expect(k8sAuditSource.resolve(field, arg)).toEqual(expect.stringContaining(message));
  });

  it('events without auditID have no ka.* fields (not audit events)', () => {
    expect(get({ verb: 'create' }, 'ka.verb')).toBeUndefined();
    expect(get({ verb: 'create' }, 'jevt.value', '/verb')).toBe('create');
  });

  it('init and ephemeral containers, effective run-as-user, host ports, capabilities', () => {
    const ev: AuditEvent = {
      auditID: 'a',
      requestObject: {
        spec: {
          securityContext: { runAsUser: 1000 },
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/acme/app:1.2@sha256:abc',
              ports: [{ containerPort: 8080, hostPort: 80 }],
              securityContext: { capabilities: { add: ['NET_ADMIN'] } },
            },
            {
              name: 'side',
              image: 'busybox',
              securityContext: { runAsUser: 0 },
              command: ['sh', '-c', 'sleep 1'],
            },
          ],
          initContainers: [{ name: 'init', image: 'alpine:3', securityContext: { privileged: true } }],
          ephemeralContainers: [{ name: 'debug', image: 'nicolaka/netshoot' }],
        },
      },
    };
    expect(get(ev, 'ka.req.pod.containers.image.repository')).toEqual(['ghcr.io/acme/app', 'busybox']);
    expect(get(ev, 'ka.req.pod.containers.name', '1')).toEqual(['side']);
    expect(get(ev, 'ka.req.pod.containers.eff_run_as_user')).toEqual(['1000', '0']);
    expect(get(ev, 'ka.req.pod.containers.run_as_user')).toEqual(['0']);
    expect(get(ev, 'ka.req.pod.containers.host_port')).toEqual(['80']);
    expect(get(ev, 'ka.req.pod.containers.add_capabilities')).toEqual(['["NET_ADMIN"]']);
    expect(get(ev, 'ka.req.pod.containers.command')).toEqual(['sh -c sleep 1']);
    expect(get(ev, 'ka.req.pod.initContainers.privileged')).toEqual(['true']);
    expect(get(ev, 'ka.req.pod.ephemeralContainers.image')).toEqual(['nicolaka/netshoot']);
    expect(k8sAuditSource.resolve('ka.req.pod.ephemeralContainers.host_port', undefined)).toEqual(
      expect.stringContaining('nonexistent'),
    );
  });
});

// Shared example manifests for rule documentation and the good/bad rule tests.

/** A Deployment that satisfies every Kubernetes rule (restricted PSS and the extended rules). */
export const HARDENED = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      automountServiceAccountToken: false
      hostUsers: false
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile: { type: RuntimeDefault }
        appArmorProfile: { type: RuntimeDefault }
      containers:
        - name: app
          image: registry.example.com/shop/web:1.4.2@sha256:4b2f5f8b2ea3f7c8e6a8b0d3c1e2f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b
          imagePullPolicy: Always
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: 500m, memory: 256Mi }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels: { app: web }
  policyTypes: [Ingress, Egress]
`;

/** A bare pod with one container: the starting point of most bad examples. */
export function pod(spec: string, container = ''): string {
  const indent = (text: string, n: number) =>
    text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => ' '.repeat(n) + l)
      .join('\n');
  return `apiVersion: v1
kind: Pod
metadata:
  name: example
  namespace: shop
spec:
${spec ? `${indent(spec, 2)}\n` : ''}  containers:
    - name: app
      image: registry.example.com/shop/app:1.0
${container ? `${indent(container, 6)}\n` : ''}`;
}

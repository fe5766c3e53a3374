// Which URL serves a registry: plain HTTP for loopback (as Docker allows), HTTPS otherwise; `insecure`
// registries may use unverified TLS or fall back to HTTP. ref: docker docs "Test an insecure registry".

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io']);

/** host[:port] → host, handling bracketed IPv6. */
export function hostOnly(registry: string): string {
  if (registry.startsWith('[')) {
    const end = registry.indexOf(']');
    return end > 0 ? registry.slice(1, end) : registry;
  }
  const colons = registry.split(':').length - 1;
  if (colons > 1) return registry; // bare IPv6 without port
  return colons === 1 ? registry.slice(0, registry.indexOf(':')) : registry;
}

export function isLoopback(registry: string): boolean {
  const host = hostOnly(registry).toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** The host that serves the API for a registry name (Docker Hub's API lives on registry-1.docker.io). */
export function apiHost(registry: string): string {
  if (DOCKER_HUB.has(registry)) return 'registry-1.docker.io';
  // Bare IPv6 with a port is not valid in a reference; bracket a bare IPv6 address for URLs.
  if (!registry.startsWith('[') && registry.split(':').length > 2) return `[${registry}]`;
  return registry;
}

// Shared example Compose files for the rule tests and docs.

export const HARDENED_COMPOSE = `services:
  web:
    image: registry.example.com/shop/web:1.4.2@sha256:4b2f5f8b2ea3f7c8e6a8b0d3c1e2f4a5b6c7d8e9f0a1b2c3d4e5f60718293a4b
    user: "10001:10001"
    read_only: true
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    tmpfs: [/tmp]
    volumes:
      - ./config:/etc/web:ro
      - data:/var/lib/web
volumes:
  data: {}
`;

export function service(extra: string): string {
  return `services:\n  app:\n    image: registry.example.com/shop/app:1.0\n${extra
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
}

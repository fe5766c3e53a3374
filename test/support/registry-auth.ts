// Authentication for the test registry: bcrypt htpasswd entries (apache2-utils `htpasswd -Bbn`) and a
// real token service for Bearer flows. The token service issues ES256 JWTs that Distribution's `auth.token`
// verifies through the `x5c` header against the self-signed certificate we pass as its rootcertbundle.
// ref: distribution docs/spec/auth/token.md, jwt.md.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function htpasswdEntry(user: string, password: string): string {
  return execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' }).trim() + '\n';
}

export interface TokenRequestLog {
  account?: string;
  scopes: string[];
  method: string;
  grantType?: string;
}

export interface TokenServer {
  realm: string;
  service: string;
  issuer: string;
  certPem: string;
  requests: TokenRequestLog[];
  stop(): Promise<void>;
}

export interface TokenServerOptions {
  /** user → password. */
  users: Record<string, string>;
  /** Refresh tokens (identity tokens) → user. */
  refreshTokens?: Record<string, string>;
  /** Which actions `user` (undefined = anonymous) gets on `repository`. */
  grant(user: string | undefined, repository: string, actions: string[]): string[];
  expiresIn?: number;
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

function selfSignedEc(): { key: KeyObject; certPem: string; certDer: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-token-ca-'));
  try {
    execFileSync(
      'openssl',
      ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', join(dir, 'key.pem')],
      {
        stdio: 'ignore',
      },
    );
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-new',
        '-key',
        join(dir, 'key.pem'),
        '-subj',
        '/CN=bulwark-test-token',
        '-days',
        '2',
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const certPem = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const certDer = Buffer.from(certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    return { key: createPrivateKey(readFileSync(join(dir, 'key.pem'))), certPem, certDer };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const { key, certPem, certDer } = selfSignedEc();
  const service = 'bulwark-test-registry';
  const issuer = 'bulwark-test-issuer';
  const requests: TokenRequestLog[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let user: string | undefined;
      let scopes = url.searchParams.getAll('scope');
      let grantType: string | undefined;
      const authz = req.headers.authorization;
      if (req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        grantType = form.get('grant_type') ?? undefined;
        scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        const refresh = form.get('refresh_token') ?? '';
        user = opts.refreshTokens?.[refresh];
        if (!user) {
          res.writeHead(401).end('{"error":"invalid refresh token"}');
          return;
        }
      } else if (authz?.startsWith('Basic ')) {
        const [u, ...rest] = Buffer.from(authz.slice(6), 'base64').toString().split(':');
        if (!u || opts.users[u] === undefined || opts.users[u] !== rest.join(':')) {
          requests.push({ account: u, scopes, method: req.method ?? 'GET' });
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
          return;
        }
        user = u;
      }
      requests.push({
        ...(user ? { account: user } : {}),
        scopes,
        method: req.method ?? 'GET',
        ...(grantType ? { grantType } : {}),
      });
      const access = scopes.flatMap((s) => {
        const [type, ...rest] = s.split(':');
        const actions = (rest.pop() ?? '').split(',');
        const name = rest.join(':');
        if (type !== 'repository') return [];
        const granted = opts.grant(user, name, actions);
        return granted.length ? [{ type, name, actions: granted }] : [];
      });
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'ES256', typ: 'JWT', x5c: [certDer.toString('base64')] };
      const claims = {
        iss: issuer,
        sub: user ?? '',
        aud: service,
        exp: now + (opts.expiresIn ?? 300),
        nbf: now - 10,
        iat: now,
        jti: randomBytes(8).toString('hex'),
        access,
      };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
      const sig = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
      const token = `${input}.${b64url(sig)}`;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          token,
          access_token: token,
          expires_in: opts.expiresIn ?? 300,
          issued_at: new Date().toISOString(),
        }),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPem,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

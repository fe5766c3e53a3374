// A pass-through HTTP proxy in front of the real test registry, for behaviour docker-registry 2.8 lacks
// or cannot be made to show: spec pagination of tags/list (2.8 ignores `n`/`last` there), and injected
// failures (429/503 with Retry-After) to exercise retries. Everything else is the real registry's answer.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export interface ProxyOptions {
  /** Upstream registry, host:port. */
  upstream: string;
  /** Implement `n`/`last` and Link headers on tags/list, as the OCI spec describes. */
  paginateTags?: boolean;
  /** Return a status instead of forwarding (e.g. 503); called for each request. */
  inject?: (req: IncomingMessage) => { status: number; headers?: Record<string, string> } | undefined;
}

export interface RegistryProxy {
  host: string;
  requests: { method: string; url: string; status: number }[];
  stop(): Promise<void>;
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

function forward(
  upstream: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const [hostname, port] = upstream.split(':');
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers }; // keep Host: the registry builds Location URLs from it
    const out = request(
      { hostname, port: Number(port), method: req.method, path: req.url, headers },
      (res) => {
        readAll(res).then(
          (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
          reject,
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export async function startRegistryProxy(opts: ProxyOptions): Promise<RegistryProxy> {
  const requests: RegistryProxy['requests'] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const injected = opts.inject?.(req);
    if (injected) {
      requests.push({ method: req.method ?? '', url: req.url ?? '', status: injected.status });
      res.writeHead(injected.status, injected.headers ?? {}).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (opts.paginateTags && req.method === 'GET' && url.pathname.endsWith('/tags/list')) {
      const up = await forward(opts.upstream, { ...req, url: url.pathname } as IncomingMessage, body);
      if (up.status === 200) {
        const all = ((JSON.parse(up.body.toString()) as { tags: string[] | null }).tags ?? []).sort();
        const last = url.searchParams.get('last');
        const n = Number(url.searchParams.get('n') ?? all.length);
        const start = last ? all.findIndex((t) => t > last) : 0;
        const page = start < 0 ? [] : all.slice(start, start + n);
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (start >= 0 && start + n < all.length) {
          headers.link = `<${url.pathname}?n=${n}&last=${encodeURIComponent(page[page.length - 1]!)}>; rel="next"`;
        }
        requests.push({ method: 'GET', url: req.url ?? '', status: 200 });
        res
          .writeHead(200, headers)
          .end(JSON.stringify({ name: url.pathname.split('/').slice(2, -2).join('/'), tags: page }));
        return;
      }
    }
    const up = await forward(opts.upstream, req, body);
    requests.push({ method: req.method ?? '', url: req.url ?? '', status: up.status });
    const headers = Object.fromEntries(
      Object.entries(up.headers).filter(([k, v]) => v !== undefined && k !== 'transfer-encoding'),
    ) as Record<string, string | string[]>;
    res.writeHead(up.status, headers).end(up.body);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(502).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

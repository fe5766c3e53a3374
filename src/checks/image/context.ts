// What an image rule sees: the image config and facts about the files of the final filesystem
// (after whiteouts), gathered by the `misconfig` analyzer while layers stream. Content is kept only
// for the few small files rules read (/etc/passwd, /etc/shadow, /etc/group).
import type { ImageConfig } from '../../image/types.js';

export interface ImageFile {
  /** Normalised path without a leading '/'. */
  path: string;
  type: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size: number;
  linkname?: string;
  /** UTF-8 content, for the account databases only. */
  content?: string;
}

export interface ImageContext {
  config: ImageConfig;
  files: ImageFile[];
}

/** Files of interest by path, for rules that look up one file. */
export function fileAt(ctx: ImageContext, path: string): ImageFile | undefined {
  return ctx.files.find((f) => f.path === path);
}

export const SETUID = 0o4000;
export const SETGID = 0o2000;

/** Example image for rule tests and docs, as JSON the scanner's context decoder reads. */
export function exampleImage(patch: (c: ImageContext) => void = () => {}): string {
  const ctx: ImageContext = {
    config: {
      architecture: 'amd64',
      os: 'linux',
      config: {
        User: '10001',
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: ['/app'],
        Healthcheck: { Test: ['CMD', '/app', 'health'] },
        Labels: { 'org.opencontainers.image.source': 'https://example.com/app' },
      },
    },
    files: [
      {
        path: 'etc/passwd',
        type: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 64,
        content: 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001::/home/app:/sbin/nologin\n',
      },
      {
        path: 'etc/shadow',
        type: 'file',
        mode: 0o640,
        uid: 0,
        gid: 0,
        size: 40,
        content: 'root:*:19000:0:99999:7:::\napp:!:19000::::::\n',
      },
      {
        path: 'etc/group',
        type: 'file',
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: 30,
        content: 'root:x:0:\napp:x:10001:\n',
      },
      { path: 'usr/bin', type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0 },
      { path: 'app', type: 'file', mode: 0o755, uid: 0, gid: 0, size: 1000 },
    ],
  };
  patch(ctx);
  return JSON.stringify(ctx);
}

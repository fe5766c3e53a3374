// Package URLs (https://github.com/package-url/purl-spec) built with the reference library.
import { PackageURL } from 'packageurl-js';
import { OS_PACKAGE_TYPES, type OsInfo, type PackageType } from './model.js';

export interface PurlInput {
  type: PackageType;
  name: string;
  version: string;
  namespace?: string;
  arch?: string;
  epoch?: string;
  os?: OsInfo | null;
  qualifiers?: Record<string, string>;
}

/** Build a purl; OS packages carry the distro as `distro=<family>-<version>` as Trivy and Syft do. */
export function makePurl(p: PurlInput): string {
  const qualifiers: Record<string, string> = { ...(p.qualifiers ?? {}) };
  if (p.arch) qualifiers.arch = p.arch;
  if (p.epoch && p.epoch !== '0') qualifiers.epoch = p.epoch;
  if (p.os && (p.type === 'deb' || p.type === 'apk' || p.type === 'rpm')) {
    qualifiers.distro = `${p.os.family}-${p.os.version}`;
  }
  const namespace = p.namespace ?? (p.os && OS_PACKAGE_TYPES.includes(p.type) ? p.os.family : undefined);
  return new PackageURL(
    p.type,
    namespace,
    p.name,
    p.version,
    Object.keys(qualifiers).length ? qualifiers : undefined,
    undefined,
  ).toString();
}

export function parsePurl(purl: string): PackageURL | null {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return null;
  }
}

// Package URLs for OS packages. The distro qualifier needs the image's OS, which only the applier
// knows after merging every layer, so analyzers build a provisional purl and the applier rebuilds it.
import type { OsInfo, Package } from '../core/model.js';
import { makePurl } from '../core/purl.js';

/** Split a leading `epoch:` off a dpkg or rpm version (`1:2.3-4` → ['1', '2.3-4']). */
export function splitEpoch(version: string): [epoch: string | undefined, rest: string] {
  const m = /^(\d+):(.+)$/.exec(version);
  return m ? [m[1], m[2]!] : [undefined, version];
}

// Namespaces when the OS is unknown: the vendor the package format implies.
const DEFAULT_NAMESPACE: Partial<Record<Package['type'], string>> = { deb: 'debian', apk: 'alpine' };

// purl namespaces are vendors (PURL-TYPES: pkg:rpm/fedora/…, pkg:rpm/opensuse/…); where the
// os-release ID differs from the vendor name Trivy and Syft use, map it.
const VENDOR_NAMESPACE: Record<string, string> = {
  rhel: 'redhat',
  ol: 'oracle',
  amzn: 'amazon',
  'opensuse-leap': 'opensuse',
  'opensuse-tumbleweed': 'opensuse',
  sles: 'suse',
  sled: 'suse',
};

/**
 * purl of an OS package, as Trivy and Syft write it: the epoch goes into the `epoch` qualifier and
 * out of the version (purl-spec PURL-TYPES deb/rpm), the distro is `<family>-<version>`.
 */
export function osPackagePurl(
  pkg: Pick<Package, 'type' | 'name' | 'version' | 'arch'>,
  os: OsInfo | null,
): string {
  const [epoch, version] = pkg.type === 'apk' ? [undefined, pkg.version] : splitEpoch(pkg.version);
  const namespace = os ? (VENDOR_NAMESPACE[os.family] ?? os.family) : DEFAULT_NAMESPACE[pkg.type];
  return makePurl({
    type: pkg.type,
    namespace,
    name: pkg.name,
    version,
    ...(epoch ? { epoch } : {}),
    ...(pkg.arch ? { arch: pkg.arch } : {}),
    os,
  });
}

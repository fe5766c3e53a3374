// CycloneDX JSON conformance for tests: the official JSON schema of each spec version as shipped in
// @cyclonedx/cyclonedx-library (res/schema/bom-1.x.SNAPSHOT.schema.json, strict validator: no unknown
// properties), plus the reference integrity a schema cannot express (unique bom-refs; dependencies and
// vulnerability affects that resolve). ref: CycloneDX 1.6 "bom-ref" and "dependencies".
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const VERSIONS: Record<string, Spec.Version> = {
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
  '1.7': Spec.Version.v1dot7,
};

interface Node {
  'bom-ref'?: string;
  components?: Node[];
}
interface Bom {
  specVersion: string;
  metadata?: { component?: Node };
  components?: Node[];
  dependencies?: { ref: string; dependsOn?: string[] }[];
  vulnerabilities?: { 'bom-ref'?: string; affects?: { ref: string }[] }[];
}

const validators = new Map<Spec.Version, Validation.JsonStrictValidator>();

export async function cycloneDxErrors(text: string): Promise<string[]> {
  const bom = JSON.parse(text) as Bom;
  const version = VERSIONS[bom.specVersion];
  if (!version) return [`unsupported specVersion ${bom.specVersion}`];
  let validator = validators.get(version);
  if (!validator) validators.set(version, (validator = new Validation.JsonStrictValidator(version)));
  const schemaErrors = await validator.validate(text);
  if (schemaErrors) return [JSON.stringify(schemaErrors)];
  const errors: string[] = [];
  const refs = new Set<string>();
  const add = (ref: string | undefined): void => {
    if (ref === undefined) return;
    if (refs.has(ref)) errors.push(`duplicate bom-ref ${ref}`);
    refs.add(ref);
  };
  const walk = (n: Node): void => {
    add(n['bom-ref']);
    n.components?.forEach(walk);
  };
  if (bom.metadata?.component) walk(bom.metadata.component);
  bom.components?.forEach(walk);
  for (const v of bom.vulnerabilities ?? []) add(v['bom-ref']);
  for (const d of bom.dependencies ?? []) {
    for (const r of [d.ref, ...(d.dependsOn ?? [])])
      if (!refs.has(r)) errors.push(`dependency on unknown ${r}`);
  }
  for (const v of bom.vulnerabilities ?? []) {
    for (const a of v.affects ?? [])
      if (!refs.has(a.ref)) errors.push(`vulnerability affects unknown ${a.ref}`);
  }
  return errors;
}

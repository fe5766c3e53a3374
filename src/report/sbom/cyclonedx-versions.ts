// The CycloneDX spec versions Bulwark writes, the default first. Kept apart from the renderer so
// `--format` help and parsing do not load the CycloneDX library.
export const CYCLONEDX_VERSIONS = ['1.6', '1.5', '1.7'] as const;
export type CycloneDxVersion = (typeof CYCLONEDX_VERSIONS)[number];

// Where key passwords come from. Bulwark reads BULWARK_PASSWORD; COSIGN_PASSWORD is honoured as a
// fallback so that pipelines written for cosign keep working unchanged. BULWARK_PASSWORD wins when
// both are set. An empty value is a valid (empty) password, as in cosign.
export function passwordFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BULWARK_PASSWORD !== undefined) return env.BULWARK_PASSWORD;
  if (env.COSIGN_PASSWORD !== undefined) return env.COSIGN_PASSWORD;
  return undefined;
}

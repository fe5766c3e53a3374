// The explicit command registry: id → register function. A test checks it equals the folder listing.
// No command registers itself by import side effect (architecture.md convention 2).
import type { Command } from 'commander';
import { register as attest } from './attest.js';
import { register as config } from './config.js';
import { register as db } from './db.js';
import { register as image } from './image.js';
import { register as key } from './key.js';
import { register as runtime } from './runtime.js';
import { register as seccomp } from './seccomp.js';
import { register as sign } from './sign.js';
import { register as verify } from './verify.js';
import { register as verifyAttestation } from './verify-attestation.js';
import { register as version } from './version.js';

export type RegisterCommand = (program: Command) => Command;

export const commands: Record<string, RegisterCommand> = {
  attest,
  config,
  db,
  image,
  key,
  runtime,
  seccomp,
  sign,
  verify,
  'verify-attestation': verifyAttestation,
  version,
};

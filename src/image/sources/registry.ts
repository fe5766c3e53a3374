// Registry source: adapts the OCI distribution client (../registry/, owned by the registry work)
// to an ImageHandle. Until that client is on main, opening a registry reference fails clearly.
import { BulwarkError } from '../../core/errors.js';
import { formatReference, type ImageReference } from '../reference.js';
import type { ImageHandle, ImageLimits } from '../types.js';
import type { SelectOptions } from './select.js';

export interface RegistryOpenOptions {
  name: string;
  select: Omit<SelectOptions, 'tag' | 'maxJsonBytes'>;
  limits: ImageLimits;
  insecure: boolean;
}

export async function openRegistryImage(
  ref: ImageReference,
  _opts: RegistryOpenOptions,
): Promise<ImageHandle> {
  throw new BulwarkError(
    'REGISTRY_ERROR',
    `${formatReference(ref)}: registry images are not readable yet in this build; export the image with skopeo to an oci: or docker-archive: target`,
  );
}

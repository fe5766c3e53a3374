// False positives on a real Debian image: every file of the debootstrap bookworm (minbase) image
// is scanned; none of it holds a credential, so every finding is a false positive. Goal: 0.
import { describe, expect, it } from 'vitest';
import { openImage } from '../../image/open.js';
import { bookwormOciLayout } from '../../../test/support/images.js';
import { missingTools } from '../../../test/support/tools.js';
import type { Secret } from '../../core/model.js';
import { scanSecrets } from './scan.js';

const skip = missingTools(['debootstrap', 'umoci'], { root: true });

describe.skipIf(skip !== null)('secret scanning on the debootstrap Debian bookworm image', () => {
  it('reports 0 false positives', async () => {
    const { dir, tag } = await bookwormOciLayout();
    const image = await openImage(`oci:${dir}:${tag}`);
    const found: Secret[] = [];
    let files = 0;
    let bytes = 0;
    try {
      for (const layer of image.layers) {
        await image.walkLayer(layer.index, async (entry) => {
          if (entry.type !== 'file') return;
          files++;
          const content = await entry.read();
          bytes += content.length;
          found.push(...scanSecrets(entry.path, content));
        });
      }
    } finally {
      await image.close();
    }
    console.log(
      `secret scan of debootstrap bookworm: ${files} files, ${(bytes / 1e6).toFixed(1)} MB, false positives: ${found.length}`,
    );
    for (const s of found) console.log(`  ${s.id} ${s.file}:${s.line} ${s.match}`);
    expect(files).toBeGreaterThan(1000);
    expect(found).toEqual([]);
  }, 600_000);
});

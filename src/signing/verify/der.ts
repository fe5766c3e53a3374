// Telling a truncated signature from a wrong one: an ASN.1 DER ECDSA signature starts with a SEQUENCE
// header that states its length, so a signature cut short is recognisable before any maths.
// ref: ITU-T X.690 §8.1.3 (length octets), RFC 3279 §2.2.3 (Ecdsa-Sig-Value).

/** True when `sig` is a DER SEQUENCE whose declared length runs past the end of the bytes. */
export function isTruncatedDer(sig: Buffer): boolean {
  if (sig.length < 2 || sig[0] !== 0x30) return false;
  const first = sig[1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const n = first & 0x7f;
    if (n === 0 || n > 2) return false;
    if (sig.length < 2 + n) return true;
    length = n === 1 ? sig[2]! : (sig[2]! << 8) | sig[3]!;
    header = 2 + n;
  }
  return header + length > sig.length;
}

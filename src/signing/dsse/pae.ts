// DSSE Pre-Authentication Encoding, the bytes a DSSE signature covers.
// ref: secure-systems-lab/dsse protocol.md: PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body,
// LEN = ASCII decimal byte length, no leading zeros. Binding the type stops a payload being
// reinterpreted under another payload type.
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

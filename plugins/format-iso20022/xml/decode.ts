// Chooses the text decoder of an XML file: byte order mark first, then the declaration's `encoding` (XML 1.0 §4.3.3),
// else UTF-8. Decoding is strict: bytes invalid in the encoding are an error, never U+FFFD.

export type XmlDecoder = { decode(bytes: Uint8Array, last: boolean): string; encoding: string } | { error: string };

const DECL_ENCODING = /^<\?xml[^?]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/** The decoder for a file whose first bytes (the whole declaration, when there is one) are `head`. */
export function decoderFor(head: Uint8Array): XmlDecoder {
  let label = 'utf-8';
  let skip = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) skip = 3;
  else if (head[0] === 0xff && head[1] === 0xfe) label = 'utf-16le';
  else if (head[0] === 0xfe && head[1] === 0xff) label = 'utf-16be';
  else {
    const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 1024)).toString('latin1');
    const declared = DECL_ENCODING.exec(ascii.trimStart())?.[1];
    if (declared) label = declared.toLowerCase();
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    // ignoreBOM keeps the BOM out of the decoder's hands: it is skipped here, once.
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    return { error: `the declared encoding '${label}' is not one this gateway reads (use UTF-8)` };
  }
  let first = true;
  return {
    encoding: decoder.encoding,
    decode(bytes, last) {
      const b = first && skip ? bytes.subarray(skip) : bytes;
      first = false;
      return decoder.decode(b, { stream: !last });
    },
  };
}

/**
 * Decodes a report file whatever its encoding: UTF-8 (with or without BOM) or UTF-16 LE/BE with a BOM
 * (PowerShell's `>` redirection writes UTF-16 LE with a BOM).
 */
export function decodeReport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

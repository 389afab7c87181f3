/**
 * Deterministic ids from text keys, so every device and the server derive the same row id
 * from the same imported activity (re-imports update instead of duplicating). Not a security
 * hash: two 64-bit FNV-1a passes with different offsets give 128 bits, plenty to keep one
 * user's activities apart, and it runs synchronously in Node, workers and pages alike.
 */
const PRIME = 0x100000001b3n;
const MASK = (1n << 64n) - 1n;
const OFFSETS = [0xcbf29ce484222325n, 0x84222325cbf29ce4n] as const;
const encoder = new TextEncoder();

/** 32 hex characters derived from `key`. */
export function stableHash(key: string): string {
  const bytes = encoder.encode(key);
  return OFFSETS.map((offset) => {
    let hash: bigint = offset;
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
    return hash.toString(16).padStart(16, '0');
  }).join('');
}

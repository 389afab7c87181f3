import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal summaries serialize (and hash) equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** The cache key of a summary: sha256 (hex) of its canonical JSON. */
export function summaryHash(summary: unknown): string {
  return createHash('sha256').update(canonicalJson(summary)).digest('hex');
}

import { describe, expect, it } from 'vitest';
import { canonicalJson, summaryHash } from './canonical-hash';
import { NarrativeExtractor } from './narrative-stream';

/** Feeds `json` in pieces of `size` characters and joins what the extractor returns. */
function streamed(json: string, size: number): string[] {
  const x = new NarrativeExtractor();
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(x.push(json.slice(i, i + size)));
  return out;
}

describe('NarrativeExtractor', () => {
  const narrative = 'Line one.\nA "quoted" word, a back\\slash, tab\there, café ✓ and 😀.';
  const json = JSON.stringify({ narrative, insights: [{ title: 'not "narrative"' }] });

  it.each([1, 2, 3, 5, 7, 64])('decodes the narrative exactly when the JSON arrives %i characters at a time', (size) => {
    expect(streamed(json, size).join('')).toBe(narrative);
  });

  it('emits text before the JSON is complete, and nothing after the narrative ends', () => {
    const parts = streamed(json, 10);
    const firstText = parts.findIndex((p) => p.length > 0);
    expect(firstText).toBeGreaterThanOrEqual(0);
    expect(firstText).toBeLessThan(3);
    const end = json.indexOf('"insights"');
    expect(parts.slice(Math.ceil(end / 10) + 1).join('')).toBe('');
  });

  it('handles \\u escapes split across chunks, and a narrative that is not first', () => {
    const escaped = '{"insights":[],"narrative":"caf\\u00e9 \\ud83d\\ude00 done"}';
    expect(streamed(escaped, 1).join('')).toBe('café 😀 done');
  });
});

describe('summaryHash', () => {
  it('is the same for the same content in any key order, and differs for other content', () => {
    const a = { b: 1, a: [{ y: 2, x: 1 }], c: null };
    const b = { c: null, a: [{ x: 1, y: 2 }], b: 1 };
    expect(canonicalJson(a)).toBe('{"a":[{"x":1,"y":2}],"b":1,"c":null}');
    expect(summaryHash(a)).toBe(summaryHash(b));
    expect(summaryHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(summaryHash({ ...a, b: 2 })).not.toBe(summaryHash(a));
    // Array order is content (holdings are sorted by weight).
    expect(summaryHash({ a: [1, 2] })).not.toBe(summaryHash({ a: [2, 1] }));
  });
});

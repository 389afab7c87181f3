const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Pulls the `narrative` string out of the model's JSON while it is still arriving, so the user
 * reads the review as it is written. Fed the content deltas in order; returns the newly decoded
 * narrative text (an escape split across two deltas waits for its end). The complete answer is
 * still parsed and validated as a whole afterwards: this is only for display.
 */
export class NarrativeExtractor {
  private buffer = '';
  /** Index in `buffer` of the next narrative character to decode; -1 until the value starts. */
  private at = -1;
  private done = false;

  push(delta: string): string {
    this.buffer += delta;
    if (this.done) return '';
    if (this.at < 0) {
      const start = /"narrative"\s*:\s*"/.exec(this.buffer);
      if (!start) return '';
      this.at = start.index + start[0].length;
    }
    let out = '';
    const b = this.buffer;
    while (this.at < b.length) {
      const ch = b[this.at]!;
      if (ch === '"') {
        this.done = true;
        break;
      }
      if (ch !== '\\') {
        out += ch;
        this.at += 1;
        continue;
      }
      const kind = b[this.at + 1];
      if (kind === undefined) break;
      if (kind === 'u') {
        const hex = b.slice(this.at + 2, this.at + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(Number.parseInt(hex, 16) || 0xfffd);
        this.at += 6;
        continue;
      }
      out += ESCAPES[kind] ?? kind;
      this.at += 2;
    }
    return out;
  }
}

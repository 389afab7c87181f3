import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretsKey, SecretBox, SECRETS_KEY_FILE } from './secret-box';

const key = Buffer.alloc(32, 7);

describe('SecretBox', () => {
  it('round-trips a secret, and the sealed text does not contain it', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('refresh-token-abc', 'questrade:u1:c1');
    expect(sealed).not.toContain('refresh-token-abc');
    expect(box.open(sealed, 'questrade:u1:c1')).toBe('refresh-token-abc');
  });

  it('uses a fresh nonce each time', () => {
    const box = new SecretBox(key);
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  it('refuses a value opened in another context, with another key, or tampered with', () => {
    const box = new SecretBox(key);
    const sealed = box.seal('secret', 'questrade:u1:c1');
    expect(() => box.open(sealed, 'questrade:u2:c1')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed, 'questrade:u1:c1')).toThrow();
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open([parts[0], parts[1], parts[2], flipped.toString('base64url')].join('.'), 'questrade:u1:c1')).toThrow();
    expect(() => box.open('plain text', 'questrade:u1:c1')).toThrow(/Not a sealed secret/);
  });

  it('refuses a key of the wrong size', () => {
    expect(() => new SecretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('loadSecretsKey', () => {
  it('reads a configured key in hex or base64, and refuses a short one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    expect(Buffer.from(loadSecretsKey(dir, 'ab'.repeat(32))).toString('hex')).toBe('ab'.repeat(32));
    expect(loadSecretsKey(dir, Buffer.alloc(32, 3).toString('base64')).length).toBe(32);
    expect(() => loadSecretsKey(dir, 'short')).toThrow(/SECRETS_KEY/);
  });

  it('generates a key once, private to the owner, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secrets-'));
    const first = loadSecretsKey(dir);
    expect(Buffer.from(loadSecretsKey(dir)).equals(Buffer.from(first))).toBe(true);
    expect(statSync(join(dir, SECRETS_KEY_FILE)).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, SECRETS_KEY_FILE), 'utf8').length).toBeGreaterThan(40);
  });
});

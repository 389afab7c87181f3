import { describe, expect, it } from 'vitest';
import { asOfLabel, decodeSnapshot, encodeSnapshot, loadSnapshot, saveSnapshot, type PopupSnapshot } from './popup-snapshot';

const snapshot: PopupSnapshot = { savedAt: '2025-02-13T15:30:00.000Z', timeLabel: '10:30 a.m.', dateTimeLabel: 'Feb 13, 2025, 10:30 a.m.', html: '<dd data-field="total-value">CA$784.50</dd>' };

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) } as Storage;
}

describe('popup snapshot', () => {
  it('reads back what was saved', () => {
    const storage = memoryStorage();
    saveSnapshot(snapshot, storage);
    expect(loadSnapshot(storage)).toEqual(snapshot);
  });

  it('ignores a missing, unreadable, other-version or incomplete snapshot', () => {
    expect(decodeSnapshot(null)).toBeNull();
    expect(decodeSnapshot('{not json')).toBeNull();
    expect(decodeSnapshot(encodeSnapshot(snapshot).replace('"v":2', '"v":1'))).toBeNull();
    expect(decodeSnapshot(JSON.stringify({ v: 2, savedAt: snapshot.savedAt }))).toBeNull();
    expect(decodeSnapshot(encodeSnapshot({ ...snapshot, html: '' }))).toBeNull();
  });

  it('survives storage that throws (blocked or full)', () => {
    const throwing = { getItem: () => { throw new Error('blocked'); }, setItem: () => { throw new Error('quota'); } } as unknown as Storage;
    expect(loadSnapshot(throwing)).toBeNull();
    expect(() => saveSnapshot(snapshot, throwing)).not.toThrow();
  });

  it('labels the snapshot with its time the same day, with its date later', () => {
    const saved = new Date(snapshot.savedAt);
    expect(asOfLabel(snapshot, saved)).toBe('10:30 a.m.');
    expect(asOfLabel(snapshot, new Date(saved.getTime() + 3 * 86_400_000))).toBe('Feb 13, 2025, 10:30 a.m.');
  });
});

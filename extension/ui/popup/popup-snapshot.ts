/**
 * The popup's last known numbers, saved on every update and painted at once on the next open,
 * before the core worker has started. Saved as the markup the popup last rendered for its
 * figures (escaped by Preact when it was rendered): painting it needs neither the engine nor
 * Intl, whose first use in a fresh page alone costs 30–80 ms. Kept in the extension origin's
 * localStorage — synchronous (the first render needs no await), no manifest permission, and
 * writable only by the extension's own pages. Holds only what the popup shows, never transactions.
 */

const KEY = 'folio.popup.snapshot';
const VERSION = 2;

export interface PopupSnapshot {
  /** When the numbers were shown (ISO). */
  savedAt: string;
  /** "As of" labels formatted when saved: the time alone (same day) and with the date. */
  timeLabel: string;
  dateTimeLabel: string;
  /** The figures' markup as last rendered. */
  html: string;
}

export function encodeSnapshot(snapshot: PopupSnapshot): string {
  return JSON.stringify({ v: VERSION, ...snapshot });
}

/** The saved snapshot, or null when there is none, it is of another version, or it does not parse. */
export function decodeSnapshot(text: string | null): PopupSnapshot | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<PopupSnapshot> & { v?: unknown };
    const { savedAt, timeLabel, dateTimeLabel, html } = parsed;
    if (parsed.v !== VERSION || typeof savedAt !== 'string' || typeof timeLabel !== 'string' || typeof dateTimeLabel !== 'string' || typeof html !== 'string' || !html) return null;
    return { savedAt, timeLabel, dateTimeLabel, html };
  } catch {
    return null;
  }
}

/** "As of" label for the snapshot: its time alone when saved today, else its date and time (no Intl needed). */
export function asOfLabel(snapshot: PopupSnapshot, now: Date): string {
  return new Date(snapshot.savedAt).toDateString() === now.toDateString() ? snapshot.timeLabel : snapshot.dateTimeLabel;
}

export function loadSnapshot(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): PopupSnapshot | null {
  try {
    return decodeSnapshot(storage?.getItem(KEY) ?? null);
  } catch {
    return null; // storage blocked: no instant numbers, the worker's arrive as usual
  }
}

export function saveSnapshot(snapshot: PopupSnapshot, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(KEY, encodeSnapshot(snapshot));
  } catch {
    // quota or blocked storage: the next open waits for the worker instead
  }
}

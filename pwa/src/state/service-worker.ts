import { signal } from '@preact/signals';
import { Workbox } from 'workbox-window';

/** Set when a new version has installed and waits; `applyUpdate` switches to it. */
export const updateWaiting = signal(false);
let workbox: Workbox | null = null;

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/sw.js', { scope: '/' });
  workbox.addEventListener('waiting', () => (updateWaiting.value = true));
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  void workbox.register();
}

export function applyUpdate(): void {
  workbox?.messageSkipWaiting();
}

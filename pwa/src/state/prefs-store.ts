import { computed, effect, signal } from '@preact/signals';
import type { SettingsRow } from '../../../core/src/db/rows';
import { callback, type CoreClient } from '../../../core/src/worker/connect-core';

export type Theme = 'light' | 'dark' | 'system';
export const THEMES: Theme[] = ['system', 'light', 'dark'];
/** The locales the app is checked in; any other BCP 47 tag the browser supports also works. */
export const LOCALES = ['en-CA', 'fr-CA', 'en-US'] as const;

const THEME_KEY = 'folio.theme';
const ONBOARDED_KEY = 'folio.onboarded';

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/**
 * Preferences: the synced settings row (base currency, cost-basis method, locale) pushed by the
 * worker, and this device's own choices kept in localStorage (theme; whether first run is done).
 * The theme is applied as `data-theme` on <html>; "system" follows the OS.
 */
export function createPrefsStore(core: CoreClient) {
  const settings = signal<SettingsRow | null>(null);
  const theme = signal<Theme>((stored(THEME_KEY) as Theme | null) ?? 'system');
  const onboarded = signal(stored(ONBOARDED_KEY) === 'yes');
  const locale = computed(() => settings.value?.locale || (typeof navigator === 'undefined' ? 'en-CA' : navigator.language) || 'en-CA');
  const baseCurrency = computed(() => settings.value?.baseCurrency ?? 'CAD');

  void core.watch({ kind: 'settings' }, callback((next: unknown) => (settings.value = next as SettingsRow)));
  if (typeof document !== 'undefined') {
    effect(() => {
      document.documentElement.dataset['theme'] = theme.value;
      document.documentElement.lang = locale.value;
    });
  }
  return {
    settings,
    theme,
    locale,
    baseCurrency,
    onboarded,
    setTheme(next: Theme) {
      theme.value = next;
      try {
        localStorage.setItem(THEME_KEY, next);
      } catch {
        // private mode: the choice lasts this visit
      }
    },
    finishOnboarding() {
      onboarded.value = true;
      try {
        localStorage.setItem(ONBOARDED_KEY, 'yes');
      } catch {
        // as above
      }
    },
  };
}

export type PrefsStore = ReturnType<typeof createPrefsStore>;

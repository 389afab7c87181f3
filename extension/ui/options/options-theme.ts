/**
 * The options page follows the theme chosen in the app (kept in this extension origin's
 * localStorage under the same key as the popup and dashboard): light, dark, or the OS setting.
 */
export function applyStoredTheme(doc: Document = document): void {
  let theme: string | null = null;
  try {
    theme = localStorage.getItem('folio.theme');
  } catch {
    // storage unavailable: follow the OS
  }
  doc.documentElement.dataset['theme'] = theme === 'light' || theme === 'dark' ? theme : 'system';
}

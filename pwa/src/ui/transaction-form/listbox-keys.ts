/**
 * Arrow-key movement in a combobox's listbox (WAI-ARIA combobox pattern): Down from the input
 * goes to the first option, Up to the last; movement wraps; Home/End jump. -1 means "no option
 * active" (focus stays, as always, in the input).
 */
export function moveActive(active: number, key: string, count: number): number {
  if (count === 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return active < 0 || active >= count - 1 ? 0 : active + 1;
    case 'ArrowUp':
      return active <= 0 ? count - 1 : active - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return active;
  }
}

/** The normalized text a search runs for; blank or unchanged input runs none. */
export function searchTerm(text: string): string {
  return text.trim().toUpperCase().slice(0, 64);
}

/** The Portfolio screen's sections, in order; the id is what `?tab=` holds. */
export const PORTFOLIO_TABS = [
  { id: 'holdings', label: 'Holdings' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'performance', label: 'Performance' },
  { id: 'income', label: 'Income' },
  { id: 'allocation', label: 'Allocation' },
  { id: 'rebalancing', label: 'Rebalancing' },
  { id: 'realized', label: 'Realized gains' },
] as const;

export type PortfolioTabId = (typeof PORTFOLIO_TABS)[number]['id'];

/** The tab a `?tab=` value names; anything else (missing, misspelt, old) is the first. */
export function tabFromQuery(value: string | undefined): PortfolioTabId {
  return PORTFOLIO_TABS.find((t) => t.id === value)?.id ?? 'holdings';
}

/**
 * The WAI-ARIA tabs keyboard pattern: arrows move to the previous/next tab (wrapping),
 * Home/End to the first/last. Returns the new index, or undefined for any other key.
 */
export function tabIndexAfterKey(key: string, current: number, count: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return (current + 1) % count;
    case 'ArrowLeft':
      return (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

import type { OverlayPosition } from './overlay-protocol';

/**
 * The chip's words, formatted with Intl in the user's locale. Money arrives as the engine's
 * decimal strings and is handed to Intl as strings, so no digit is lost to floating point.
 */
export interface ChipText {
  /** Short lines shown in the chip, in order. */
  parts: { label: string; value: string; tone?: 'gain' | 'loss' | 'missing' }[];
  /** One sentence for screen readers. */
  summary: string;
}

type Numeric = number | `${number}` | string;

function money(locale: string, currency: string, amount: string, signed = false): string {
  // Intl formats decimal strings exactly (Intl.NumberFormat v3); a string is what we pass.
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency, signDisplay: signed ? 'exceptZero' : 'auto' });
  return f.format(amount as Numeric as number);
}

function quantity(locale: string, amount: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(amount as Numeric as number);
}

function percent(locale: string, fraction: number, signed = false): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 2, signDisplay: signed ? 'exceptZero' : 'auto' }).format(fraction);
}

const sign = (amount: string | null): 'gain' | 'loss' | undefined => (amount === null || /^-?0(\.0*)?$/.test(amount) ? undefined : amount.startsWith('-') ? 'loss' : 'gain');

export function chipText(p: OverlayPosition, locale: string, baseCurrency: string): ChipText {
  const parts: ChipText['parts'] = [{ label: 'Qty', value: quantity(locale, p.quantity) }];
  if (p.averageCost !== null) parts.push({ label: 'Avg cost', value: money(locale, p.currency, p.averageCost) });
  if (p.currency !== baseCurrency && p.averageCostBase) parts.push({ label: `ACB (${baseCurrency})`, value: money(locale, baseCurrency, p.averageCostBase) });
  if (p.missingPrice || p.unrealizedGain === null) {
    parts.push({ label: 'Gain', value: 'price missing', tone: 'missing' });
  } else {
    const pct = p.unrealizedPercent === null ? '' : ` (${percent(locale, p.unrealizedPercent, true)})`;
    const tone = sign(p.unrealizedGain);
    parts.push({ label: 'Gain', value: money(locale, p.currency, p.unrealizedGain, true) + pct, ...(tone ? { tone } : {}) });
  }
  parts.push(p.weight === null ? { label: 'Weight', value: 'unknown', tone: 'missing' } : { label: 'Weight', value: percent(locale, p.weight) });
  const where = p.portfolios.length ? p.portfolios.join(', ') : p.accounts.join(', ');
  if (where) parts.push({ label: 'In', value: where });
  const summary = `Your ${p.symbol} position: ${parts.map((x) => `${x.label} ${x.value}`).join('; ')}.`;
  return { parts, summary };
}

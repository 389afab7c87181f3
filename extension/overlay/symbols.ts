/**
 * Maps the ways sites write a listing (XEQT:TSE on Google Finance, TSX:XEQT in articles, XEQT.TO
 * at Questrade and Yahoo, HISU.U, BRK.B) to the Yahoo-style symbol the engine stores holdings
 * under, so a page's ticker finds the user's position. Plain code, no dependencies: this module is
 * part of the content-script bundle.
 */

/** Exchange codes (as sites print them) → the Yahoo suffix; U.S. venues have none. */
const EXCHANGE_SUFFIX: Record<string, string> = {
  TSE: '.TO', TSX: '.TO', TOR: '.TO', TO: '.TO', XTSE: '.TO',
  TSXV: '.V', CVE: '.V', CDNX: '.V', VAN: '.V', V: '.V', VN: '.V', XTSX: '.V',
  NEO: '.NE', NEOE: '.NE', NE: '.NE', CBOE_CA: '.NE',
  CSE: '.CN', CNSX: '.CN', CN: '.CN',
  NASDAQ: '', NMS: '', NGM: '', NCM: '', NYSE: '', NYQ: '', NYSEARCA: '', ARCA: '', PCX: '', NYSEAMERICAN: '', AMEX: '', ASE: '', BATS: '', CBOE: '', US: '', OTC: '', OTCMKTS: '',
};

/** Exchange codes the overlay knows; anything else is not treated as a listing. */
export function isKnownExchange(code: string): boolean {
  return code.toUpperCase().replace(/[\s-]/g, '_') in EXCHANGE_SUFFIX;
}

const TICKER = /^[A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,2})?$/;

/**
 * Yahoo-style symbol for a ticker on an exchange (null when it does not look like a ticker or
 * the exchange is unknown). A class or unit suffix is written with a hyphen, as Yahoo does:
 * BRK.B → BRK-B, HISU.U on the TSX → HISU-U.TO.
 */
export function toEngineSymbol(ticker: string, exchange?: string): string | null {
  const t = ticker.trim().toUpperCase();
  if (!TICKER.test(t)) return null;
  let suffix = '';
  if (exchange !== undefined) {
    const code = exchange.trim().toUpperCase().replace(/[\s-]/g, '_');
    const known = EXCHANGE_SUFFIX[code];
    if (known === undefined) return null;
    suffix = known;
  }
  return t.replace('.', '-') + suffix;
}

/**
 * Normalizes a symbol as one string in any of the notations above: "XEQT.TO", "XEQT:TSE",
 * "TSX:XEQT", "TSE:XEQT", "XEQT.VN" (Questrade's venture suffix), "AAPL", "BRK.B".
 */
export function normalizeSymbol(raw: string): string | null {
  const s = raw.trim().toUpperCase();
  const colon = s.split(':');
  if (colon.length === 2) {
    const [a, b] = colon as [string, string];
    // EXCHANGE:TICKER (TSX:XEQT, NASDAQ:AAPL) or TICKER:EXCHANGE (Google Finance: XEQT:TSE).
    if (isKnownExchange(a) && !isKnownExchange(b)) return toEngineSymbol(b, a);
    if (isKnownExchange(b)) return toEngineSymbol(a, b);
    return null;
  }
  if (colon.length > 2) return null;
  // Yahoo/Questrade suffix forms: XEQT.TO, HISU-U.TO, ABC.VN, XYZ.NE, ABC.CN, ABC.V.
  const suffixed = /^([A-Z][A-Z0-9]{0,5}(?:[.-][A-Z0-9]{1,2})?)\.(TO|V|VN|NE|CN)$/.exec(s);
  if (suffixed) return toEngineSymbol(suffixed[1]!, suffixed[2]!);
  return toEngineSymbol(s);
}

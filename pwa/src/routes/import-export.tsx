import { useLocation } from 'preact-iso';
import { useApp } from '../state/app-context';
import { ExportPanel } from '../ui/import/export-panel';
import { ImportPanel } from '../ui/import/import-panel';
import { PortfolioReport } from '../ui/report/portfolio-report';
import '../ui/settings/screen.css';
import '../ui/import/import.css';

/** Import (CSV), exports (CSV, JSON backup) and, at `/import?report=1`, the printable report. */
export function ImportExport() {
  const { core, holdings, prefs } = useApp();
  const { query } = useLocation();
  if (query['report']) {
    return (
      <section class="folio-screen" aria-label="Portfolio report">
        <PortfolioReport summary={holdings.summary.value} locale={prefs.locale.value} />
      </section>
    );
  }
  return (
    <section class="folio-screen" aria-labelledby="io-heading">
      <h1 id="io-heading">Import &amp; export</h1>
      <ImportPanel core={core} locale={prefs.locale.value} />
      <ExportPanel core={core} />
    </section>
  );
}

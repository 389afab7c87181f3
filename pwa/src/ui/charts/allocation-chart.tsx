import { useId } from 'preact/hooks';
import { pageLocale, seriesVar } from './chart-theme';
import { donutArcs } from './donut';
import './charts.css';

export interface AllocationChartProps {
  title: string;
  buckets: { label: string; weight: number /* 0..1 */; value: string /* formatted */ }[];
}

const RADIUS = 40;
const STROKE = 18;

/**
 * Allocation as a donut (SVG, drawn with the theme's palette) beside a table of every bucket
 * with its share and value: the table is the accessible version and the legend at once, so
 * color is never the only way to tell buckets apart.
 */
export function AllocationChart({ title, buckets }: AllocationChartProps) {
  const id = useId();
  const percent = new Intl.NumberFormat(pageLocale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const arcs = donutArcs(buckets.map((b) => b.weight), 2 * Math.PI * RADIUS);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption>
        <span class="chart-title" id={`${id}-title`}>
          {title}
        </span>
      </figcaption>
      {buckets.length === 0 ? (
        <p class="muted">Nothing valued to allocate yet.</p>
      ) : (
        <div class="allocation">
          <svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
            <circle cx="50" cy="50" r={RADIUS} fill="none" stroke="var(--border)" stroke-width={STROKE} />
            {arcs.map((arc, i) =>
              arc ? (
                <circle
                  key={i}
                  cx="50"
                  cy="50"
                  r={RADIUS}
                  fill="none"
                  stroke={seriesVar(i)}
                  stroke-width={STROKE}
                  stroke-dasharray={`${arc.length} ${2 * Math.PI * RADIUS - arc.length}`}
                  stroke-dashoffset={-arc.offset}
                  transform="rotate(-90 50 50)"
                />
              ) : null,
            )}
          </svg>
          <table aria-labelledby={`${id}-title`} data-allocation-table>
            <thead>
              <tr>
                <th scope="col">Bucket</th>
                <th scope="col" class="num">
                  Share
                </th>
                <th scope="col" class="num">
                  Value
                </th>
              </tr>
            </thead>
            <tbody>
              {buckets.map((b, i) => (
                <tr key={b.label} data-bucket={b.label}>
                  <th scope="row">
                    <span class="label">
                      <span class="chart-swatch" style={{ background: seriesVar(i) }} aria-hidden="true" />
                      {b.label}
                    </span>
                  </th>
                  <td class="num" data-field="share">
                    {percent.format(b.weight)}
                  </td>
                  <td class="num" data-field="value">
                    {b.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </figure>
  );
}

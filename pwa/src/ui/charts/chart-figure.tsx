import type { ComponentChildren, Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import { describeSeries, tableRows, type NamedSeries } from './chart-summary';
import { seriesVar } from './chart-theme';
import './charts.css';

interface ChartFigureProps {
  title: string;
  description: string;
  series: readonly NamedSeries[];
  /** The name of each position (a date, a month): first column of the data table. */
  positions: string[];
  positionHeader: string;
  format: (v: number) => string;
  height: number;
  /** Where uPlot draws; hidden from assistive technology (the text versions carry the numbers). */
  plotRef: Ref<HTMLDivElement>;
  /** Where the hovered point's values are written. */
  readoutRef: Ref<HTMLParagraphElement>;
  swatch: 'line' | 'box';
  children?: ComponentChildren;
}

/**
 * What every canvas chart shares: a figure named by its caption, a legend, the plot, a summary
 * for screen readers and a data table a person can open.
 */
export function ChartFigure(props: ChartFigureProps) {
  const id = useId();
  const [tableOpen, setTableOpen] = useState(false);
  const summaries = props.series.map((s) => describeSeries(s, props.positions, props.format));
  const empty = props.positions.length === 0;
  return (
    <figure class="chart" aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`}>
      <figcaption>
        <span class="chart-title" id={`${id}-title`}>
          {props.title}
        </span>
        <span class="chart-description">{props.description}</span>
      </figcaption>
      {props.series.length > 1 && (
        <ul class="chart-legend" aria-label="Legend">
          {props.series.map((s, i) => (
            <li key={s.label}>
              <span class={`chart-swatch ${props.swatch}`} style={{ background: seriesVar(i) }} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      {empty ? (
        <p class="chart-placeholder" style={{ height: `${props.height}px` }}>
          No data for this period
        </p>
      ) : (
        <>
          <div class="chart-plot" ref={props.plotRef} aria-hidden="true" data-chart-plot />
          <p class="chart-readout" ref={props.readoutRef} aria-hidden="true" />
        </>
      )}
      <p class="sr-only" id={`${id}-summary`} data-chart-summary>
        {summaries.join(' ')}
      </p>
      {!empty && (
        <details class="chart-data" onToggle={(e) => setTableOpen((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>Data table: {props.title}</summary>
          {tableOpen && (
            <div class="chart-data-scroll" tabIndex={0} role="region" aria-label={`${props.title}: data`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{props.positionHeader}</th>
                    {props.series.map((s) => (
                      <th scope="col" class="num" key={s.label}>
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {tableRows(props.series, props.positions, props.format).map(([name, ...cells], i) => (
                    <tr key={i}>
                      <th scope="row">{name}</th>
                      {cells.map((c, j) => (
                        <td class="num" key={j}>
                          {c}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </details>
      )}
      {props.children}
    </figure>
  );
}

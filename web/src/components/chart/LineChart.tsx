import { useId } from 'react';
import { useI18n } from '../../i18n';
import { layoutSeries, type Box, type DataPoint } from './scale';

const box: Box = { width: 320, height: 168, margin: { top: 12, right: 14, bottom: 26, left: 40 } };

interface LineChartProps {
  /** What the chart shows, e.g. "Weight (kg)": its caption and accessible name. */
  title: string;
  unit: string;
  points: readonly DataPoint[];
  /** The time shown left to right; default: the points' own span. */
  timeDomain?: readonly [number, number];
  /** A date on the time axis (short). */
  formatDate: (t: number) => string;
  /** When a point was measured, for its tooltip, the summary and the table; default formatDate. */
  formatPoint?: (t: number) => string;
  formatValue: (value: number) => string;
  /** A value on the value axis; default formatValue (ticks may need more decimals than the data, e.g. 72.25). */
  formatTick?: (value: number) => string;
  /** A short name for the CSS class that colours the line. */
  tone?: 'brand' | 'accent';
}

/**
 * A small line chart drawn in SVG: one series over time, with value and date labels. Screen readers get the
 * caption and a one-line summary (the SVG is one image to them), and everyone can open the data as a table.
 */
export function LineChart({
  title,
  unit,
  points,
  timeDomain,
  formatDate,
  formatPoint = formatDate,
  formatValue,
  formatTick = formatValue,
  tone = 'brand',
}: LineChartProps) {
  const { t } = useI18n();
  const id = useId();
  const layout = layoutSeries(points, box, { timeDomain });
  const sorted = layout.points;
  const last = sorted[sorted.length - 1];
  const values = sorted.map((p) => p.value);
  const summary =
    last === undefined
      ? t('chart.noData')
      : t('chart.summary', {
          count: sorted.length,
          min: `${formatValue(Math.min(...values))} ${unit}`,
          max: `${formatValue(Math.max(...values))} ${unit}`,
          latest: `${formatValue(last.value)} ${unit}`,
          date: formatPoint(last.t),
        });

  return (
    <figure className={`chart chart--${tone}`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <svg
        className="chart-svg"
        viewBox={`0 0 ${box.width} ${box.height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-summary`}
        data-points={sorted.length}
      >
        <g className="chart-grid" aria-hidden="true">
          {layout.yTicks.map((tick) => (
            <g key={tick.value}>
              <line x1={layout.plot.left} x2={layout.plot.right} y1={tick.y} y2={tick.y} />
              <text x={layout.plot.left - 6} y={tick.y} dy="0.32em" textAnchor="end">
                {formatTick(tick.value)}
              </text>
            </g>
          ))}
          {layout.xTicks.map((tick, i) => (
            <text
              key={tick.t}
              x={tick.x}
              y={box.height - 6}
              textAnchor={i === 0 ? 'start' : i === layout.xTicks.length - 1 ? 'end' : 'middle'}
            >
              {formatDate(tick.t)}
            </text>
          ))}
        </g>
        {sorted.length > 1 && <path className="chart-line" d={layout.path} />}
        {sorted.map((p) => (
          <circle key={`${p.t}-${p.value}`} className="chart-point" cx={p.x} cy={p.y} r={sorted.length > 40 ? 2.5 : 4}>
            <title>{`${formatPoint(p.t)}: ${formatValue(p.value)} ${unit}`}</title>
          </circle>
        ))}
      </svg>
      <p id={`${id}-summary`} className="chart-summary">
        {summary}
      </p>
      {sorted.length > 0 && (
        <details className="chart-table">
          <summary>{t('chart.showTable')}</summary>
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chart.date')}</th>
                <th scope="col">{t('chart.value', { unit })}</th>
              </tr>
            </thead>
            <tbody>
              {[...sorted].reverse().map((p) => (
                <tr key={`${p.t}-${p.value}`}>
                  <td>{formatPoint(p.t)}</td>
                  <td>{formatValue(p.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

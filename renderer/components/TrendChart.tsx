// A time series chart: uPlot draws on a canvas (about 50 kB, fast with a week of points); the figure
// carries a visible title, and the canvas a text summary for screen readers. Colours come from the
// theme's CSS variables and follow a switch between light and dark.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
  /** A CSS variable name such as --chart-1. */
  color: string;
  /** Counts per interval read best as bars; rates and times as lines with points. */
  bars?: boolean;
}

const bars = uPlot.paths.bars!({ size: [0.8, 24] });

function usePrefersDark(): boolean {
  const query = '(prefers-color-scheme: dark)';
  const [dark, setDark] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const m = window.matchMedia(query);
    const on = () => setDark(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return dark;
}

export function TrendChart({
  title,
  summary,
  times,
  series,
  unit,
  testId,
}: {
  title: string;
  /** What the chart shows, in words, for those who cannot see it. */
  summary: string;
  times: number[];
  series: Series[];
  unit: string;
  testId?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const dark = usePrefersDark();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(el);
    const v = (name: string) => css.getPropertyValue(name).trim();
    const axis = { stroke: v('--muted'), grid: { stroke: v('--line'), width: 1 }, ticks: { stroke: v('--line') } };
    const width = () => Math.max(200, el.clientWidth);
    const height = () => (el.clientWidth < 480 ? 180 : 220);
    const half = times.length > 1 ? (times[1]! - times[0]!) / 2 : 30;
    const plot = new uPlot(
      {
        width: width(),
        height: height(),
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
        scales: {
          // Half a step of room on each side, so the first and last bars are drawn whole.
          x: { time: true, range: (_u, min, max) => [min - half, max + half] },
          y: { range: (_u, _min, max) => [0, Math.max(max ?? 0, unit === 'ms' ? 1 : 4)] },
        },
        // The unit is in the caption; ticks stay short so they fit beside a phone-wide chart.
        axes: [axis, { ...axis, size: 48 }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: v(s.color),
            // The theme's colours are #rrggbb: 73 is 45 % opacity.
            fill: s.bars ? `${v(s.color)}73` : undefined,
            paths: s.bars ? bars : undefined,
            width: s.bars ? 1 : 2,
            spanGaps: false,
            points: { show: unit === 'ms', size: 5, fill: v(s.color) },
            value: (_u: uPlot, x: number | null) => (x === null ? '–' : `${x}${unit === 'ms' ? ' ms' : ''}`),
          })),
        ],
      },
      [times, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: height() }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, unit, dark]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={`${title}. ${summary}`} className="chart-canvas" />
    </figure>
  );
}

// A uPlot chart of a stats series: x is each step's time, one line per series.
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';

export interface Line {
  label: string;
  values: (number | null)[];
  stroke: string;
  fill?: string;
}

/** Each line on top of the ones before it (areas filled between), the legend still saying each one's own value. */
function stack(lines: Line[]): { values: (number | null)[][]; bands: uPlot.Band[] } {
  const totals = lines[0]?.values.map(() => 0) ?? [];
  const values = lines.map((l) => l.values.map((v, i) => (totals[i] += v ?? 0)));
  const bands = lines.slice(1).map((l, i) => ({ series: [i + 2, i + 1] as [number, number], fill: l.fill ?? l.stroke }));
  return { values, bands };
}

export function Chart({ title, times, lines, unit, threshold, stacked }: { title: string; times: number[]; lines: Line[]; unit: string; threshold?: { value: number; label: string }; stacked?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth);
    const shown = stacked ? stack(lines) : { values: lines.map((l) => l.values), bands: [] };
    const series: uPlot.Series[] = [
      {},
      ...lines.map((l, i) => ({
        label: l.label,
        stroke: l.stroke,
        fill: stacked && i === 0 ? (l.fill ?? l.stroke) : stacked ? undefined : l.fill,
        width: 2,
        points: { show: true, size: 4 },
        ...(stacked && { value: (_u: uPlot, _v: number, _s: number, idx: number | null) => (idx === null ? '--' : String(l.values[idx] ?? 0)) }),
      })),
    ];
    const data: uPlot.AlignedData = [times, ...shown.values];
    if (threshold) {
      series.push({ label: threshold.label, stroke: '#b45309', dash: [6, 4], width: 1, points: { show: false } });
      data.push(times.map(() => threshold.value));
    }
    // Shares keep their whole scale, so a threshold and a dip read at a glance.
    const scales: uPlot.Scales = unit === '%' ? { y: { range: [0, 100] } } : {};
    const plot = new uPlot({ width, height: 220, series, bands: shown.bands, scales, axes: [{}, { label: unit }], legend: { show: true } }, data, el);
    return () => plot.destroy();
  }, [times, lines, threshold?.value, stacked]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={title} />
    </figure>
  );
}

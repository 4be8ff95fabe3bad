// A uPlot chart of a stats series: x is each step's time, one line per series.
import uPlot from 'uplot';
import { useEffect, useRef } from 'preact/hooks';

export interface Line {
  label: string;
  values: (number | null)[];
  stroke: string;
  fill?: string;
}

export function Chart({ title, times, lines, unit, threshold }: { title: string; times: number[]; lines: Line[]; unit: string; threshold?: { value: number; label: string } }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.max(280, el.clientWidth);
    const series: uPlot.Series[] = [{}, ...lines.map((l) => ({ label: l.label, stroke: l.stroke, fill: l.fill, width: 2, points: { show: true, size: 4 } }))];
    const data: uPlot.AlignedData = [times, ...lines.map((l) => l.values)];
    if (threshold) {
      series.push({ label: threshold.label, stroke: '#b45309', dash: [6, 4], width: 1, points: { show: false } });
      data.push(times.map(() => threshold.value));
    }
    const plot = new uPlot({ width, height: 220, series, axes: [{}, { label: unit }], legend: { show: true } }, data, el);
    return () => plot.destroy();
  }, [times, lines, threshold?.value]);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={title} />
    </figure>
  );
}

// A line chart wrapper (after tremor's LineChart): data, the index field (a period), the
// categories to draw and a value formatter; never imports from a page. Each line has its own
// dash pattern and marker shape as well as its colour, and the legend names it. A last row with a
// `partialNote` (a bucket the period cuts short) gets hollow markers and a dashed line labelled
// with the note, so a partial month does not read as a collapse.
import { CartesianGrid, Legend, Line, LineChart as RLineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS, DASHES, SERIES_ORDER } from './chart-colors';
import { LINE_CHART_HEIGHT } from './chart-size';
import type { ChartCategory } from './bar-chart';

export interface LineChartProps<T extends object> {
  data: readonly T[];
  index: keyof T & string;
  categories: ReadonlyArray<ChartCategory<T>>;
  valueFormatter: (value: number) => string;
  indexFormatter?: (value: string) => string;
  maxValue?: number;
  height?: number;
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

/** Recharts types a dataKey against the row type, which a generic wrapper cannot resolve. */
const dk = (key: string) => key as never;

const TICK = { fill: '#1a1a1a', fontSize: '0.85rem' };

export function LineChart<T extends object>(props: LineChartProps<T>) {
  const { data, index, categories, valueFormatter } = props;
  const fmtIndex = props.indexFormatter ?? ((v: string) => v);
  const dots = data.length <= 60; // markers only where they do not smear into a band
  const lastRow = data.at(-1) as Record<string, unknown> | undefined;
  const partial = typeof lastRow?.partialNote === 'string' ? { x: String(lastRow[index]), note: lastRow.partialNote } : null;
  const lastIndex = data.length - 1;
  return (
    <RLineChart
      data={data as T[]}
      responsive
      accessibilityLayer={false}
      style={{ width: '100%', height: props.height ?? LINE_CHART_HEIGHT }}
      margin={{ top: 16, right: 24, bottom: 8, left: 8 }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#c5ccd6" />
      <XAxis dataKey={dk(index)} tickFormatter={fmtIndex} tick={TICK} interval="preserveStartEnd" minTickGap={24} />
      <YAxis
        domain={[0, props.maxValue ?? 'auto']}
        tickFormatter={(v: number) => valueFormatter(v)}
        tick={TICK}
        width={76}
        allowDecimals={!props.integer}
      />
      <Tooltip
        formatter={(v) => (typeof v === 'number' ? valueFormatter(v) : '—')}
        labelFormatter={(l) => fmtIndex(String(l))}
        contentStyle={{ fontSize: '0.9rem' }}
      />
      <Legend wrapperStyle={{ fontSize: '0.9rem', color: '#1a1a1a' }} />
      {partial && (
        <ReferenceLine
          x={dk(partial.x)}
          stroke="#5a6472"
          strokeDasharray="4 4"
          label={{ value: partial.note, position: 'insideTopRight', fill: '#3d4652', fontSize: '0.8rem' }}
        />
      )}
      {categories.map((c, i) => {
        const color = CHART_COLORS[c.color ?? SERIES_ORDER[i % SERIES_ORDER.length]!];
        return (
          <Line
            key={c.key}
            dataKey={dk(c.key)}
            name={c.label}
            stroke={color}
            strokeWidth={2.5}
            strokeDasharray={DASHES[i % DASHES.length]}
            dot={
              dots
                ? (p: { cx?: number; cy?: number; index?: number; value?: unknown }) =>
                    p.cx === undefined || p.cy === undefined || p.value === null || p.value === undefined ? (
                      <g key={`${c.key}-${p.index}`} />
                    ) : (
                      <circle
                        key={`${c.key}-${p.index}`}
                        cx={p.cx}
                        cy={p.cy}
                        r={partial && p.index === lastIndex ? 4 : 3}
                        fill={partial && p.index === lastIndex ? '#fff' : color}
                        stroke={color}
                        strokeWidth={partial && p.index === lastIndex ? 2 : 1}
                      />
                    )
                : false
            }
            connectNulls={false}
            isAnimationActive={false}
            type="linear"
          />
        );
      })}
    </RLineChart>
  );
}

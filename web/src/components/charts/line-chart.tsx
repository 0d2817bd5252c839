// A line chart wrapper (after tremor's LineChart): data, the index field (a period), the
// categories to draw and a value formatter; never imports from a page. Each line has its own
// dash pattern and marker shape as well as its colour, and the legend names it.
import { CartesianGrid, Legend, Line, LineChart as RLineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS, DASHES, SERIES_ORDER } from './chart-colors';
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
  return (
    <RLineChart data={data as T[]} responsive accessibilityLayer={false} style={{ width: '100%', height: props.height ?? 280 }} margin={{ top: 16, right: 24, bottom: 8, left: 8 }}>
      <CartesianGrid strokeDasharray="3 3" stroke="#c5ccd6" />
      <XAxis dataKey={dk(index)} tickFormatter={fmtIndex} tick={TICK} interval="preserveStartEnd" minTickGap={24} />
      <YAxis domain={[0, props.maxValue ?? 'auto']} tickFormatter={(v: number) => valueFormatter(v)} tick={TICK} width={76} allowDecimals={!props.integer} />
      <Tooltip formatter={(v) => (typeof v === 'number' ? valueFormatter(v) : '—')} labelFormatter={(l) => fmtIndex(String(l))} contentStyle={{ fontSize: '0.9rem' }} />
      <Legend wrapperStyle={{ fontSize: '0.9rem', color: '#1a1a1a' }} />
      {categories.map((c, i) => {
        const color = CHART_COLORS[c.color ?? SERIES_ORDER[i % SERIES_ORDER.length]!];
        return (
          <Line
            key={c.key} dataKey={dk(c.key)} name={c.label} stroke={color} strokeWidth={2.5} strokeDasharray={DASHES[i % DASHES.length]}
            dot={dots ? { r: 3, fill: color, stroke: color } : false}
            connectNulls={false} isAnimationActive={false} type="linear"
          />
        );
      })}
    </RLineChart>
  );
}

// A bar chart wrapper (after tremor's BarChart): it takes data, the index field, the categories
// to draw and a value formatter, and never imports from a page. Horizontal bars (`layout:
// 'ranking'`) suit long Chinese department names; a text label at the end of each bar carries the
// value, so the chart reads without hovering and without colour. Only page chunks import this
// file, so recharts stays out of the initial bundle.
import { Bar, BarChart as RBarChart, CartesianGrid, Cell, LabelList, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { CHART_COLORS, SERIES_ORDER, type ChartColor } from './chart-colors';
import { barChartHeight } from './chart-size';
import { visibleLength, wrapLabel } from './label-text';
import { useRootFontPx } from './use-root-font';

export interface ChartCategory<T> {
  key: keyof T & string;
  label: string;
  color?: ChartColor;
}

export interface BarChartProps<T extends object> {
  data: readonly T[];
  /** Field holding each bar's label (category axis). */
  index: keyof T & string;
  categories: ReadonlyArray<ChartCategory<T>>;
  valueFormatter: (value: number) => string;
  /** 'columns': categories along the bottom; 'ranking': one horizontal bar per row, top to bottom. */
  layout?: 'columns' | 'ranking';
  stacked?: boolean;
  /** Text at the end of each bar of the first category (default: its formatted value). */
  barLabel?: (row: T) => string;
  /** Rows whose bars are drawn in `highlightColor` (the caller's label also marks them in text). */
  highlight?: (row: T) => boolean;
  highlightColor?: ChartColor;
  /** Upper end of the value axis (e.g. 1 for rates). */
  maxValue?: number;
  height?: number;
  /** Width reserved for the category labels of a ranking. */
  labelWidth?: number;
  indexFormatter?: (value: string) => string;
  /** Whole numbers only on the value axis (counts). */
  integer?: boolean;
}

/** Recharts types a dataKey against the row type, which a generic wrapper cannot resolve. */
const dk = (key: string) => key as never;

const TICK = { fill: '#1a1a1a', fontSize: '0.85rem' };

export function BarChart<T extends object>(props: BarChartProps<T>) {
  const { data, index, categories, valueFormatter, layout = 'columns', stacked = false, maxValue } = props;
  const ranking = layout === 'ranking';
  const height = barChartHeight(props);
  const colorOf = (i: number) => CHART_COLORS[categories[i]?.color ?? SERIES_ORDER[i % SERIES_ORDER.length]!];
  const fmtIndex = props.indexFormatter ?? ((v: string) => v);
  const domain: [number, number | 'auto'] = [0, maxValue ?? 'auto'];
  // Sizes follow the root font (长辈模式 enlarges it), so labels keep their room.
  const rootPx = useRootFontPx();
  const labelWidth = Math.round((props.labelWidth ?? 230) * (rootPx / 17));
  const first = categories[0];
  const labelOf = (row: T): string => {
    if (props.barLabel) return props.barLabel(row);
    const v = first ? row[first.key] : undefined;
    return typeof v === 'number' ? valueFormatter(v) : '—';
  };

  // Room for the longest bar label at the end of the bars (CJK ≈ 1 em, digits ≈ 0.55 em).
  const labelPx = rootPx * 0.85 * 1.08; // 1.08: bold text in 长辈模式 is wider
  const rightMargin = Math.min(300, 24 + labelPx * Math.max(3, ...data.map((r) => visibleLength(labelOf(r)))));

  return (
    <RBarChart
      data={data as T[]}
      layout={ranking ? 'vertical' : 'horizontal'}
      responsive
      accessibilityLayer={false}
      style={{ width: '100%', height }}
      margin={{ top: 16, right: ranking ? rightMargin : 16, bottom: 8, left: 8 }}
      barCategoryGap={ranking ? 6 : '18%'}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#c5ccd6" horizontal={!ranking} vertical={ranking} />
      {ranking ? (
        <XAxis type="number" domain={domain} tickFormatter={(v: number) => valueFormatter(v)} tick={TICK} allowDecimals={!props.integer} />
      ) : (
        <YAxis
          type="number"
          domain={domain}
          tickFormatter={(v: number) => valueFormatter(v)}
          tick={TICK}
          width={76}
          allowDecimals={!props.integer}
        />
      )}
      {ranking ? (
        <YAxis
          type="category"
          dataKey={dk(index)}
          width={labelWidth}
          tick={<CategoryTick width={labelWidth} fontPx={rootPx * 0.9} format={fmtIndex} />}
          interval={0}
        />
      ) : (
        <XAxis type="category" dataKey={dk(index)} tickFormatter={fmtIndex} tick={TICK} interval="preserveStartEnd" />
      )}
      <Tooltip
        formatter={(v) => (typeof v === 'number' ? valueFormatter(v) : '—')}
        labelFormatter={(l) => fmtIndex(String(l))}
        contentStyle={{ fontSize: '0.9rem' }}
      />
      {categories.length > 1 && <Legend wrapperStyle={{ fontSize: '0.9rem', color: '#1a1a1a' }} />}
      {categories.map((c, i) => (
        <Bar
          key={c.key}
          dataKey={dk(c.key)}
          name={c.label}
          fill={colorOf(i)}
          isAnimationActive={false}
          minPointSize={ranking ? 2 : 0}
          {...(stacked ? { stackId: 's' } : {})}
        >
          {i === 0 &&
            props.highlight &&
            data.map((row, k) => (
              <Cell
                key={`${String(row[index])}-${k}`}
                fill={props.highlight!(row) ? CHART_COLORS[props.highlightColor ?? 'orange'] : colorOf(0)}
              />
            ))}
          {i === 0 && (categories.length === 1 || !stacked) && (
            <LabelList
              dataKey={(row: T) => labelOf(row)}
              position={ranking ? 'right' : 'top'}
              style={{ fill: '#1a1a1a', fontSize: '0.85rem' }}
            />
          )}
        </Bar>
      ))}
    </RBarChart>
  );
}

/**
 * A category label of a ranking, on at most two lines cut to the space it has (with "…"; the full
 * text is in a tooltip and in the data table): Latin names break between words, Chinese anywhere.
 */
function CategoryTick(props: {
  x?: number;
  y?: number;
  payload?: { value: unknown };
  width: number;
  fontPx: number;
  format: (v: string) => string;
}) {
  const full = props.format(String(props.payload?.value ?? ''));
  const fits = Math.max(4, Math.floor((props.width - 12) / props.fontPx));
  const lines = wrapLabel(full, fits);
  return (
    <text x={props.x} y={props.y} textAnchor="end" fill="#1a1a1a" style={{ fontSize: '0.9rem' }}>
      <title>{full}</title>
      {lines.map((line, i) => (
        <tspan key={i} x={props.x} dy={i === 0 ? `${0.35 - (lines.length - 1) * 0.6}em` : '1.2em'}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

// The chart components as pages use them: each loads the chart library (recharts) on demand, so
// a page's figures, tiles and tables render — and its requests start — without waiting for it.
// While the library loads, a box of the chart's height keeps the layout still.
import { lazy, Suspense } from 'react';
import type { BarChartProps } from './bar-chart';
import type { LineChartProps } from './line-chart';

const LazyBar = lazy(() => import('./bar-chart').then((m) => ({ default: m.BarChart as (p: BarChartProps<object>) => React.JSX.Element })));
const LazyLine = lazy(() => import('./line-chart').then((m) => ({ default: m.LineChart as (p: LineChartProps<object>) => React.JSX.Element })));

export function BarChart<T extends object>(props: BarChartProps<T>) {
  return (
    <Suspense fallback={<div className="chart-placeholder" style={{ height: props.height ?? 240 }} />}>
      <LazyBar {...(props as unknown as BarChartProps<object>)} />
    </Suspense>
  );
}

export function LineChart<T extends object>(props: LineChartProps<T>) {
  return (
    <Suspense fallback={<div className="chart-placeholder" style={{ height: props.height ?? 280 }} />}>
      <LazyLine {...(props as unknown as LineChartProps<object>)} />
    </Suspense>
  );
}

// Chart heights, shared by the charts (bar-chart.tsx, line-chart.tsx) and the box that stands in
// for a chart until it is drawn (charts.tsx), so drawing it does not move the page. No recharts here.

export const LINE_CHART_HEIGHT = 280;

/** A bar chart's height: a ranking grows with its rows (and with bars per row), columns are fixed. */
export function barChartHeight(p: {
  data: readonly unknown[];
  categories: readonly unknown[];
  layout?: 'columns' | 'ranking';
  stacked?: boolean;
  height?: number;
}): number {
  const ranking = p.layout === 'ranking';
  const rowHeight = p.categories.length > 1 && !p.stacked ? Math.max(40, 20 * p.categories.length + 14) : 40;
  return p.height ?? (ranking ? Math.max(120, p.data.length * rowHeight + (p.categories.length > 1 ? 80 : 48)) : 300);
}

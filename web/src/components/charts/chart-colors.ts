// Series colours of every chart, in one keyed config (like shadcn's chart config): each has at
// least 4.5:1 contrast on white, so thin lines and labels stay readable on a projector. Colour is
// never the only carrier: every series also has a text label, lines differ by dash and marker,
// and highlighted bars carry a text mark.
export const CHART_COLORS = {
  blue: '#0b4f9c',
  orange: '#b54708',
  green: '#1d6b2f',
  purple: '#5b3a9e',
  teal: '#0f6670',
  grey: '#4b5563',
  red: '#a8071a',
  amber: '#7a5200',
} as const;
export type ChartColor = keyof typeof CHART_COLORS;

/** Default order for series without an explicit colour. */
export const SERIES_ORDER: readonly ChartColor[] = ['blue', 'orange', 'green', 'purple', 'teal', 'grey'];

/** Line dash patterns in series order, so lines differ without colour. */
export const DASHES: readonly string[] = ['', '6 4', '2 3', '10 3 2 3', '1 0', '4 2'];

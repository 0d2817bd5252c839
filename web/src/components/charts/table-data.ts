// The data table under a chart, as data: columns with a label, a kind (how a value is shown) and
// an accessor of the raw value. The same description renders the HTML table (formatted per
// locale, "—" for missing rates) and the CSV (values rounded as shown, each rate's exact value in
// a column of its own). Pure.
import { toCsv, type CsvCell } from '../../format/csv';
import { DASH, formatCount, formatDate, formatDays, formatInstant, formatRate } from '../../format/format';
import type { Locale } from '../../i18n/messages';

export type CellKind = 'text' | 'count' | 'rate' | 'days' | 'date' | 'instant';

export interface Column<R> {
  id: string;
  label: string;
  kind: CellKind;
  value: (row: R) => string | number | null | undefined;
  /** A link target for the cell (e.g. a case page). */
  href?: (row: R) => string | undefined;
  /** Long text that may wrap (other cells stay on one line). */
  wrap?: boolean;
  /** An identifier (complaint or case number) that may break anywhere when the table is narrow, so it never sets the table's width. */
  code?: boolean;
  /** The cell that names the row (a <th scope="row">). */
  rowHeader?: boolean;
  /** A class for the cell's text in the HTML table (e.g. a 红牌 badge); the text still says it. */
  badge?: (row: R) => string | undefined;
  /** Shown in the HTML table only (e.g. a text badge); the CSV keeps `value`. */
  display?: (row: R, locale: Locale) => string;
  /**
   * A small second line under the value in the HTML table (and its hover title), e.g. a long
   * item code under the item's name: the name gets the width, the code stays readable.
   */
  secondary?: (row: R) => string | undefined;
  /** In the CSV only (e.g. a code the HTML table shows as a second line). */
  csvOnly?: boolean;
}

export interface TableData<R> {
  columns: ReadonlyArray<Column<R>>;
  rows: readonly R[];
  rowKey: (row: R) => string;
}

export function displayValue(kind: CellKind, v: string | number | null | undefined, locale: Locale): string {
  if (v === null || v === undefined || v === '') return DASH;
  switch (kind) {
    case 'count':
      return typeof v === 'number' ? formatCount(v, locale) : v;
    case 'rate':
      return typeof v === 'number' ? formatRate(v, locale) : v;
    case 'days':
      return typeof v === 'number' ? formatDays(v, locale) : v;
    case 'date':
      return formatDate(String(v), locale);
    case 'instant':
      return formatInstant(String(v), locale);
    case 'text':
      return String(v);
  }
}

/** A value in the CSV as the table shows it: rates as "96.8%" (Excel reads a percentage), days to 0.1. */
export function csvValue(kind: CellKind, v: string | number | null | undefined): CsvCell {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v ?? null;
  if (kind === 'rate') return `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
  if (kind === 'days') return (Math.round(v * 10) / 10).toFixed(1);
  return v;
}

/**
 * The table as CSV: values rounded as shown; each rate column followed by its exact value (a
 * fraction, as the API gives it) in a column named by `exactLabel`, so a CSV can still be checked
 * against the API.
 */
export function tableToCsv<R>(t: TableData<R>, exactLabel: (label: string) => string = (l) => `${l} (exact)`): string {
  const header = t.columns.flatMap((c) => (c.kind === 'rate' ? [c.label, exactLabel(c.label)] : [c.label]));
  return toCsv(
    header,
    t.rows.map((r) =>
      t.columns.flatMap((c): CsvCell[] => {
        const v = c.value(r);
        return c.kind === 'rate' ? [csvValue(c.kind, v), v ?? null] : [csvValue(c.kind, v)];
      }),
    ),
  );
}

/** The columns the HTML table shows (CSV-only ones left out). */
export const htmlColumns = <R>(t: TableData<R>) => t.columns.filter((c) => !c.csvOnly);

export const isNumericKind = (k: CellKind) => k === 'count' || k === 'rate' || k === 'days';

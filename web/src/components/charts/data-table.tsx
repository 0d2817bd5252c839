// The accessible data table of a chart: a real <table> with a caption, column headers and row
// headers, numbers right-aligned and formatted per locale, links where a row leads somewhere.
import { useLocale, useT } from '../../i18n/i18n';
import { displayValue, isNumericKind, type TableData } from './table-data';

export function DataTable<R>({ table, caption, id }: { table: TableData<R>; caption: string; id?: string }) {
  const [locale] = useLocale();
  const t = useT();
  return (
    // Focusable and named, so a table wider than the screen can be scrolled from the keyboard.
    <div className="table-scroll" id={id} tabIndex={0} role="region" aria-label={t('chart.tableRegion', { title: caption })}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.id} scope="col" className={isNumericKind(c.kind) ? 'num' : undefined}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={table.rowKey(r)}>
              {table.columns.map((c) => {
                const text = c.display ? c.display(r, locale) : displayValue(c.kind, c.value(r), locale);
                const href = c.href?.(r);
                const badge = c.badge?.(r);
                const shown = badge ? <span className={`badge ${badge}`}>{text}</span> : text;
                const content = href ? <a href={href}>{shown}</a> : shown;
                const cls = isNumericKind(c.kind) ? 'num' : c.wrap ? 'cell-wrap' : undefined;
                return c.rowHeader
                  ? <th key={c.id} scope="row" className={cls}>{content}</th>
                  : <td key={c.id} className={cls}>{content}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The accessible data table of a chart: a real <table> with a caption, column headers and row
// headers, numbers right-aligned and formatted per locale, links where a row leads somewhere.
import { useLocale, useT } from '../../i18n/i18n';
import { displayValue, htmlColumns, isNumericKind, type TableData } from './table-data';

export function DataTable<R>({ table, caption, id }: { table: TableData<R>; caption: string; id?: string }) {
  const [locale] = useLocale();
  const t = useT();
  const columns = htmlColumns(table);
  return (
    // Focusable and named, so a table wider than the screen can be scrolled from the keyboard
    // (axe's scrollable-region-focusable); a <section> would add a landmark per table.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable
    // biome-ignore lint/a11y/useSemanticElements: see above
    <div className="table-scroll" id={id} tabIndex={0} role="region" aria-label={t('chart.tableRegion', { title: caption })}>
      <table className="data-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" className={isNumericKind(c.kind) ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={table.rowKey(r)}>
              {columns.map((c) => {
                const text = c.display ? c.display(r, locale) : displayValue(c.kind, c.value(r), locale);
                const href = c.href?.(r);
                const badge = c.badge?.(r);
                const second = c.secondary?.(r);
                // biome-ignore lint/correctness/useJsxKeyInIterable: the cell's content, not a list element (the cell carries the key)
                const shown = badge ? <span className={`badge ${badge}`}>{text}</span> : text;
                // biome-ignore lint/correctness/useJsxKeyInIterable: as above
                const linked = href ? <a href={href}>{shown}</a> : shown;
                const content = second ? (
                  <>
                    {linked}
                    <span className="cell-secondary">{second}</span>
                  </>
                ) : (
                  linked
                );
                const cls = isNumericKind(c.kind) ? 'num' : c.code ? 'cell-code' : c.wrap || second ? 'cell-wrap' : undefined;
                const title = second ? `${text}\n${second}` : undefined;
                return c.rowHeader ? (
                  <th key={c.id} scope="row" className={cls} title={title}>
                    {content}
                  </th>
                ) : (
                  <td key={c.id} className={cls} title={title}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

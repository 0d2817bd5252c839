// One chart of a page with its accessible alternative: a heading, the chart (an image for
// assistive technology, described by its title), a button that shows the same numbers as a
// table, and a CSV download of that table (UTF-8 with BOM for Excel). Loading, error and empty
// states are handled here so every chart behaves alike.
import { useId, useState, type ReactNode } from 'react';
import { ErrorMessage } from '../error-message';
import { useT } from '../../i18n/i18n';
import { csvFileName } from '../../format/csv';
import { DataTable } from './data-table';
import { tableToCsv, type TableData } from './table-data';

export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface ChartCardProps<R> {
  /** Stable id (used for the CSV name and test hooks). */
  id: string;
  title: string;
  description?: ReactNode;
  /** The table of the chart's numbers; undefined while loading. */
  table: TableData<R> | undefined;
  /** Parts of the CSV file name after the title (e.g. the period). */
  fileParts?: readonly string[];
  loading?: boolean;
  error?: unknown;
  onRetry?: () => void;
  /** Shown instead of the chart (e.g. "not available under this filter"). */
  notice?: ReactNode;
  /** No chart, only the table (e.g. a list); the table is then always shown. */
  tableOnly?: boolean;
  /** The children are text (e.g. figure tiles), not a chart image. */
  plain?: boolean;
  /** Extra controls next to the table and CSV buttons. */
  actions?: ReactNode;
  children?: ReactNode;
  wide?: boolean;
}

export function ChartCard<R>(props: ChartCardProps<R>) {
  const t = useT();
  const uid = useId();
  const [showTable, setShowTable] = useState(false);
  const headingId = `${uid}-h`;
  const tableId = `${uid}-t`;
  const { table } = props;
  const empty = table !== undefined && table.rows.length === 0;
  const tableVisible = props.tableOnly || showTable;

  let body: ReactNode;
  if (props.notice) body = <p className="notice notice-info">{props.notice}</p>;
  else if (props.error !== undefined && !table)
    body = <ErrorMessage error={props.error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
  else if (!table)
    body = (
      <p role="status" className="muted chart-loading">
        {t('common.loading')}
      </p>
    );
  else if (empty) body = <p className="muted chart-empty">{t('chart.noData')}</p>;
  else
    body = props.tableOnly ? null : props.plain ? (
      props.children
    ) : (
      <div className="chart-area" role="img" aria-label={t('chart.imageLabel', { title: props.title })}>
        {props.children}
      </div>
    );

  const canExport = !props.notice && table !== undefined && !empty;
  return (
    <section
      className={`card chart-card${props.wide ? ' chart-card-wide' : ''}${showTable && !props.tableOnly ? ' chart-card-table-open' : ''}`}
      aria-labelledby={headingId}
      data-chart={props.id}
      aria-busy={props.loading ? true : undefined}
    >
      <div className="card-header">
        <h2 id={headingId}>{props.title}</h2>
        <div className="chart-actions">
          {props.actions}
          {canExport && !props.tableOnly && (
            <button
              type="button"
              className="button"
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((s) => !s)}
            >
              {showTable ? t('chart.hideTable') : t('chart.showTable')}
            </button>
          )}
          {canExport && (
            <button
              type="button"
              className="button"
              onClick={() =>
                downloadText(
                  csvFileName([props.title, ...(props.fileParts ?? [])]),
                  tableToCsv(table, (label) => t('table.exact', { name: label })),
                )
              }
            >
              {t('chart.downloadCsv')}
            </button>
          )}
        </div>
      </div>
      {props.description && <div className="chart-description">{props.description}</div>}
      {body}
      {props.error !== undefined && table && <ErrorMessage error={props.error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />}
      {canExport && tableVisible && <DataTable table={table} caption={props.title} id={tableId} />}
      {canExport && !tableVisible && <div id={tableId} hidden />}
    </section>
  );
}

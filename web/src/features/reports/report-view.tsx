// One monthly report (#/reports/<id>): the printable A4 page — the very HTML the server prints to
// PDF (shared/reports/html.ts) — with a toolbar to print it or download PDF, Excel and CSV, the
// version history with what changed, and (administrators) regeneration as a new version. When
// printing from the browser only the report is printed: the app's header, navigation, toolbar
// and history are hidden by the print rules below.
import { useEffect, useMemo, useState } from 'react';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import { renderReportHtml } from '../../../../shared/reports/html';
import type { SessionUser } from '../auth/session';
import { pageHref } from '../shell/routes';
import { downloadReport, generateReport, getReport, type ReportAnswer } from './fetch-reports';
import { changeLines, downloadName, monthText, reportName } from './reports-data';

const PRINT_CLASS = 'sp-print-report';
const PRINT_CSS = `
@media print {
  html.${PRINT_CLASS} body { background: #fff; }
  html.${PRINT_CLASS} .app-header, html.${PRINT_CLASS} .app-nav, html.${PRINT_CLASS} .skip-link,
  html.${PRINT_CLASS} .sp-report-chrome { display: none !important; }
  html.${PRINT_CLASS} .app, html.${PRINT_CLASS} .app-body, html.${PRINT_CLASS} .app-main { display: block; margin: 0; padding: 0; border: 0; max-width: none; box-shadow: none; }
}
.sp-report-paper { background: #e9ebee; padding: 1rem 0; overflow-x: auto; }
.sp-report-paper .sp-report { box-shadow: 0 1px 6px rgba(0,0,0,.18); }
@media print { .sp-report-paper { background: none; padding: 0; overflow: visible; } .sp-report-paper .sp-report { box-shadow: none; } }
.sp-report-toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 1rem; }
.sp-report-versions { margin: 0; padding-left: 1.2rem; }
.sp-report-versions li { margin-bottom: .4rem; }
`;

export function ReportView({ id, version, user }: { id: string; version: number | undefined; user: SessionUser }) {
  const t = useT();
  const [locale] = useLocale();
  const res = useResource((signal) => getReport(id, version, signal), [id, version]);

  useEffect(() => {
    document.documentElement.classList.add(PRINT_CLASS);
    return () => document.documentElement.classList.remove(PRINT_CLASS);
  }, []);
  useEffect(() => {
    if (res.data)
      document.title = `${reportName(res.data.report.scope, locale)} ${monthText(res.data.report.month, locale)} · ${t('reports.title')}`;
  }, [res.data, locale, t]);

  return (
    <>
      <style>{PRINT_CSS}</style>
      <div className="sp-report-chrome">
        <p>
          <a href={pageHref('monthly-report')}>← {t('reports.back')}</a>
        </p>
        {res.error !== undefined && <ErrorMessage error={res.error} onRetry={res.reload} />}
        {res.loading && !res.data && (
          <p role="status" className="muted">
            {t('common.loading')}
          </p>
        )}
        {res.data && (
          <Chrome
            data={res.data}
            user={user}
            onRegenerated={(v) => {
              window.location.hash = `#/reports/${encodeURIComponent(id)}?version=${v}`;
            }}
          />
        )}
      </div>
      {res.data && <Paper data={res.data} />}
    </>
  );
}

function Paper({ data }: { data: ReportAnswer }) {
  const [locale] = useLocale();
  // The shared renderer escapes every text it writes; the HTML is the report's own.
  const html = useMemo(
    () => renderReportHtml(data.report, { locale, current: data.isCurrent, currentVersion: data.current }),
    [data, locale],
  );
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the report's own page, every text escaped by renderReportHtml (shared with the PDF)
  return <div className="sp-report-paper" dangerouslySetInnerHTML={{ __html: html }} />;
}

function Chrome({ data, user, onRegenerated }: { data: ReportAnswer; user: SessionUser; onRegenerated: (version: number) => void }) {
  const t = useT();
  const [locale] = useLocale();
  const r = data.report;
  const download = useAction();
  const regenerate = useAction();
  const [which, setWhich] = useState<string>();

  async function get(ext: 'pdf' | 'xlsx' | 'csv') {
    setWhich(ext);
    await download.run(() =>
      downloadReport(r.id, ext, { version: r.version, locale, fileName: downloadName(r.id, r.version, ext, locale) }),
    );
    setWhich(undefined);
  }

  return (
    <>
      {!data.isCurrent && (
        <div className="notice notice-warning" role="status">
          <p>
            {t('reports.notCurrent', { n: r.version, c: data.current })}{' '}
            <a href={`#/reports/${encodeURIComponent(r.id)}`}>{t('reports.viewCurrent')}</a>
          </p>
        </div>
      )}
      <div className="sp-report-toolbar" role="toolbar" aria-label={t('reports.title')}>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          {t('reports.print')}
        </button>
        <button type="button" className="button" disabled={download.busy} onClick={() => void get('pdf')}>
          {which === 'pdf' ? t('reports.downloading') : t('reports.downloadPdf')}
        </button>
        <button type="button" className="button" disabled={download.busy} onClick={() => void get('xlsx')}>
          {which === 'xlsx' ? t('reports.downloading') : t('reports.downloadXlsx')}
        </button>
        <button type="button" className="button" disabled={download.busy} onClick={() => void get('csv')}>
          {which === 'csv' ? t('reports.downloading') : t('reports.downloadCsv')}
        </button>
        {user.role === 'administrator' && (
          <button
            type="button"
            className="button"
            disabled={regenerate.busy}
            onClick={() =>
              void regenerate
                .run(() => generateReport(r.month, r.scope.key))
                .then((x) => {
                  if (x.ok) onRegenerated(x.value.report.version);
                })
            }
          >
            {regenerate.busy ? t('common.saving') : t('reports.regenerate')}
          </button>
        )}
      </div>
      {download.error !== undefined && <ErrorMessage error={download.error} />}
      {regenerate.error !== undefined && <ErrorMessage error={regenerate.error} />}
      <details className="card" open={data.versions.length > 1}>
        <summary>
          {t('reports.history')}（{data.versions.length}）
        </summary>
        <ol className="sp-report-versions" reversed>
          {[...data.versions].reverse().map((v) => {
            const lines = changeLines(v.changes, t, locale);
            return (
              <li key={v.version}>
                <strong>{t('reports.versionN', { n: v.version })}</strong>
                {v.version === data.current && <> · {t('reports.current')}</>}
                {v.version === r.version && <> · {t('reports.viewing')}</>}
                {' · '}
                {t('reports.generatedBy', { at: formatDateTime(v.generatedAt, locale), by: v.generatedBy })}
                {v.version !== r.version && (
                  <>
                    {' '}
                    ·{' '}
                    <a href={`#/reports/${encodeURIComponent(r.id)}?version=${v.version}`}>{t('reports.viewVersion', { n: v.version })}</a>
                  </>
                )}
                <br />
                <span className="muted">
                  {lines === null
                    ? t('reports.firstVersion')
                    : lines.length === 0
                      ? t('reports.noChanges')
                      : `${t('reports.changed')}${lines.join(locale === 'zh-CN' ? '；' : '; ')}`}
                </span>
              </li>
            );
          })}
        </ol>
      </details>
    </>
  );
}

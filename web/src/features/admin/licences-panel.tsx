// 电子证照目录 The e-licence catalog: the licence types catalog materials name, and the import of
// the administrator's sheet (CSV or XLSX), answered per row with what to fix.
import { useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { useLocale, useT } from '../../i18n/i18n';
import { importLicences, listLicences, type LicenceImport } from './fetch-admin';

export function LicencesPanel() {
  const t = useT();
  const [locale] = useLocale();
  const licences = useResource((signal) => listLicences(signal), []);
  const { busy, error, run } = useAction();
  const [file, setFile] = useState<File>();
  const [answer, setAnswer] = useState<LicenceImport>();
  const list = licences.data ?? [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    const r = await run(() => importLicences(file));
    if (r.ok) {
      setAnswer(r.value);
      licences.reload();
    }
  }
  const rejected = answer?.results.filter((r) => r.status === 'rejected') ?? [];

  return (
    <section className="card" aria-labelledby="licences-title">
      <h2 id="licences-title">{t('licenceAdmin.heading')}</h2>
      <p className="muted">{t('licenceAdmin.intro')}</p>
      <form onSubmit={submit} className="inline-form">
        <label htmlFor="licence-file">{t('licenceAdmin.file')}</label>{' '}
        <input
          id="licence-file"
          type="file"
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setAnswer(undefined);
          }}
        />{' '}
        <button type="submit" className="button button-primary" disabled={busy || !file}>
          {busy ? t('common.saving') : t('licenceAdmin.import')}
        </button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      <p role="status" className="success-text">
        {answer
          ? t('licenceAdmin.summary', {
              rows: answer.summary.rows,
              accepted: answer.summary.accepted,
              updated: answer.summary.updated,
              duplicate: answer.summary.duplicate,
              rejected: answer.summary.rejected,
            })
          : ''}
      </p>
      {rejected.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>{t('licenceAdmin.rejected')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('licenceAdmin.row')}</th>
                <th scope="col">{t('licences.code')}</th>
                <th scope="col">{t('licenceAdmin.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {rejected.map((r) => (
                <tr key={r.row}>
                  <td>{r.row}</td>
                  <td>
                    <code>{r.code ?? t('common.empty')}</code>
                  </td>
                  <td className="cell-wrap">
                    {(r.errors ?? []).map((x) => `${x.path}：${locale === 'zh-CN' ? x.messageZh : x.message}`).join('；')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {licences.error !== undefined && <ErrorMessage error={licences.error} onRetry={licences.reload} />}
      {licences.data && list.length === 0 && <p className="muted">{t('licenceAdmin.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table>
            <caption>{t('licenceAdmin.count', { n: list.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('licences.code')}</th>
                <th scope="col">{t('licences.type')}</th>
                <th scope="col">{t('licenceAdmin.issuer')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((l) => (
                <tr key={l.code}>
                  <td>
                    <code>{l.code}</code>
                  </td>
                  <th scope="row" className="cell-wrap">
                    {l.name}
                  </th>
                  <td className="cell-wrap">{l.issuer ?? t('common.empty')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

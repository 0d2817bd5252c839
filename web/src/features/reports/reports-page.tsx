// The 月度报告 page: the archive of monthly reports with month and scope filters, and for
// administrators the generate form and the report settings (reform targets, minimum volumes).
// A report opens at #/reports/<id> (report-view.tsx), the printable page itself.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useAction } from '../../api/use-action';
import { useResource } from '../../api/use-resource';
import { ErrorMessage } from '../../components/error-message';
import { Field } from '../../components/field';
import { formatDateTime, useLocale, useT } from '../../i18n/i18n';
import { formatCount, formatRate } from '../../../../shared/reports/format';
import { headlineDef } from '../../../../shared/reports/headline';
import type { SessionUser } from '../auth/session';
import { pageHref } from '../shell/routes';
import { useHashRoute } from '../shell/use-hash-route';
import {
  generateReport,
  getReportSettings,
  listDepartments,
  listRegions,
  listReports,
  putReportSettings,
  type ReportListEntry,
} from './fetch-reports';
import { ReportView } from './report-view';
import {
  formToTarget,
  lastClosedMonth,
  latestReportFor,
  monthText,
  reportName,
  scopeOptions,
  scopesInList,
  shanghaiToday,
  TARGET_METRICS,
  targetToForm,
  type TargetForm,
} from './reports-data';

export const reportHref = (id: string, version?: number) => `#/reports/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`;

export function ReportsPage({ user }: { user: SessionUser }) {
  const route = useHashRoute();
  const id = route.params.get('id');
  if (id) {
    const v = Number(route.params.get('version'));
    return <ReportView id={id} version={Number.isInteger(v) && v > 0 ? v : undefined} user={user} />;
  }
  if (route.params.get('latest') === '1') return <LatestReport user={user} />;
  return <Archive user={user} month={route.params.get('month') ?? ''} scope={route.params.get('scope') ?? ''} />;
}

/** A leader's first screen: the newest report of their scope, or the archive when there is none yet. */
function LatestReport({ user }: { user: SessionUser }) {
  const t = useT();
  const list = useResource((signal) => listReports({}, signal), []);
  if (list.error !== undefined) return <ErrorMessage error={list.error} onRetry={list.reload} />;
  if (!list.data)
    return (
      <p role="status" className="muted">
        {t('common.loading')}
      </p>
    );
  const latest = latestReportFor(list.data, user.scope);
  return latest ? <ReportView id={latest.id} version={undefined} user={user} /> : <Archive user={user} month="" scope="" />;
}

function Archive({ user, month, scope }: { user: SessionUser; month: string; scope: string }) {
  const t = useT();
  const [locale] = useLocale();
  const all = useResource((signal) => listReports({}, signal), []);
  const shown = useResource((signal) => listReports({ month, scope }, signal), [month, scope]);
  const scopes = useMemo(() => scopesInList(all.data ?? [], locale), [all.data, locale]);
  const setFilter = (next: { month?: string; scope?: string }) => {
    const params = Object.fromEntries(Object.entries({ month, scope, ...next }).filter(([, v]) => v));
    window.location.hash = pageHref('monthly-report', params);
  };
  const isAdmin = user.role === 'administrator';

  useEffect(() => {
    document.title = `${t('reports.title')} · ${t('app.product')}`;
  }, [t]);

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <p className="muted">{t('reports.intro')}</p>
      <section className="card" aria-labelledby="reports-archive">
        <h2 id="reports-archive" className="visually-hidden">
          {t('reports.title')}
        </h2>
        <div className="form-grid">
          <Field label={t('reports.filterMonth')}>
            {(p) => <input {...p} type="month" value={month} onChange={(e) => setFilter({ month: e.target.value })} />}
          </Field>
          <Field label={t('reports.filterScope')}>
            {(p) => (
              <select {...p} value={scope} onChange={(e) => setFilter({ scope: e.target.value })}>
                <option value="">{t('reports.allScopes')}</option>
                {scopes.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        {(month || scope) && (
          <p>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                window.location.hash = pageHref('monthly-report');
              }}
            >
              {t('reports.clearFilters')}
            </button>
          </p>
        )}
        {shown.error !== undefined && <ErrorMessage error={shown.error} onRetry={shown.reload} />}
        {shown.loading && !shown.data && (
          <p role="status" className="muted">
            {t('common.loading')}
          </p>
        )}
        {shown.data && shown.data.length === 0 && <p className="muted">{t('reports.empty')}</p>}
        {shown.data && shown.data.length > 0 && <ArchiveTable key={`${month}|${scope}`} list={shown.data} />}
      </section>
      {isAdmin && (
        <GenerateForm
          onGenerated={() => {
            all.reload();
            shown.reload();
          }}
        />
      )}
      {isAdmin && <SettingsForm />}
    </>
  );
}

/** Reports listed at first and added per "show more": a city's archive grows by ~50 a month. */
const ARCHIVE_PAGE = 50;

function ArchiveTable({ list }: { list: ReportListEntry[] }) {
  const t = useT();
  const [locale] = useLocale();
  // The newest first, a page at a time: two years of a city's reports are over a thousand rows,
  // which took the page hundreds of milliseconds to lay out (Lighthouse, issue 13 item 10).
  // (Keyed by the filters where it is used, so a new filter starts again at one page.)
  const [limit, setLimit] = useState(ARCHIVE_PAGE);
  const rows = list.slice(0, limit);
  return (
    <>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('reports.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.colMonth')}</th>
              <th scope="col">{t('reports.colScope')}</th>
              <th scope="col">{t('reports.colVersion')}</th>
              <th scope="col">{t('reports.colGenerated')}</th>
              <th scope="col" className="num">
                {t('reports.colAccepted')}
              </th>
              <th scope="col" className="num">
                {t('reports.colCompleted')}
              </th>
              <th scope="col" className="num">
                {t('reports.colOnTime')}
              </th>
              <th scope="col" className="num">
                {t('reports.colSatisfaction')}
              </th>
              <th scope="col" className="num">
                {t('reports.colComplaints')}
              </th>
              <th scope="col">
                <span className="visually-hidden">{t('reports.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{monthText(r.month, locale)}</td>
                <th scope="row" className="cell-wrap">
                  {reportName(r, locale)}
                </th>
                <td>{t('reports.versionN', { n: r.currentVersion })}</td>
                <td>{formatDateTime(r.generatedAt, locale)}</td>
                <td className="num">{formatCount(r.summary.accepted)}</td>
                <td className="num">{formatCount(r.summary.completed)}</td>
                <td className="num">{formatRate(r.summary.onTimeRate)}</td>
                <td className="num">{formatRate(r.summary.satisfactionRate)}</td>
                <td className="num">{formatCount(r.summary.complaints)}</td>
                <td>
                  <a
                    className="button"
                    href={reportHref(r.id)}
                    aria-label={t('reports.openFor', { name: reportName(r, locale), month: monthText(r.month, locale) })}
                  >
                    {t('reports.open')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">
        <span role="status">{t('reports.shown', { shown: formatCount(rows.length), total: formatCount(list.length) })}</span>{' '}
        {rows.length < list.length && (
          <button type="button" className="button button-quiet" onClick={() => setLimit((n) => n + ARCHIVE_PAGE)}>
            {t('reports.showMore', { n: formatCount(Math.min(ARCHIVE_PAGE, list.length - rows.length)) })}
          </button>
        )}
      </p>
    </>
  );
}

function GenerateForm({ onGenerated }: { onGenerated: () => void }) {
  const t = useT();
  const [locale] = useLocale();
  const regions = useResource((signal) => listRegions(signal), []);
  const departments = useResource((signal) => listDepartments(signal), []);
  const cityName = regions.data?.find((r) => r.level === 'city')?.name ?? t('reports.scopeCity');
  const options = useMemo(
    () => scopeOptions(regions.data ?? [], departments.data ?? [], cityName),
    [regions.data, departments.data, cityName],
  );
  const [month, setMonth] = useState(() => lastClosedMonth(shanghaiToday()));
  const [scope, setScope] = useState('city');
  const [done, setDone] = useState<string>();
  const { busy, error, run } = useAction();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setDone(undefined);
    const r = await run(() => generateReport(month, scope));
    if (r.ok) {
      setDone(
        t('reports.generated', {
          name: reportName(r.value.report.scope, locale),
          month: monthText(month, locale),
          n: r.value.report.version,
        }),
      );
      onGenerated();
    }
  }

  const group = (g: 'city' | 'counties' | 'departments') => options.filter((o) => o.group === g);
  return (
    <section className="card" aria-labelledby="reports-generate">
      <h2 id="reports-generate">{t('reports.generateHeading')}</h2>
      <p className="muted">{t('reports.generateIntro')}</p>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        <Field label={t('reports.filterMonth')}>
          {(p) => (
            <input
              {...p}
              type="month"
              required
              value={month}
              max={lastClosedMonth(shanghaiToday())}
              onChange={(e) => setMonth(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('reports.generateScope')}>
          {(p) => (
            <select {...p} value={scope} onChange={(e) => setScope(e.target.value)}>
              {group('city').map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
              <optgroup label={t('reports.scopeCounties')}>
                {group('counties').map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t('reports.scopeDepartments')}>
                {group('departments').map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </optgroup>
            </select>
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.saving') : t('reports.generate')}
          </button>
        </div>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      {done && (
        <p role="status" className="success-text">
          {done}
        </p>
      )}
    </section>
  );
}

function SettingsForm() {
  const t = useT();
  const [locale] = useLocale();
  const settings = useResource((signal) => getReportSettings(signal), []);
  const [min, setMin] = useState<{ completed: string; evaluations: string; items: string }>();
  const [targets, setTargets] = useState<TargetForm[]>();
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (!settings.data) return;
    const m = settings.data.minVolume;
    setMin({ completed: String(m.completed), evaluations: String(m.evaluations), items: String(m.items) });
    setTargets(settings.data.targets.map(targetToForm));
  }, [settings.data]);

  if (settings.error !== undefined) return <ErrorMessage error={settings.error} onRetry={settings.reload} />;
  if (!min || !targets) return null;

  const setRow = (i: number, patch: Partial<TargetForm>) => setTargets(targets.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const list = targets!.map(formToTarget).filter((x) => x !== null);
    const r = await run(() =>
      putReportSettings({
        minVolume: { completed: Number(min!.completed), evaluations: Number(min!.evaluations), items: Number(min!.items) },
        targets: list,
      }),
    );
    if (r.ok) {
      setSaved(true);
      settings.reload();
    }
  }

  return (
    <section className="card" aria-labelledby="reports-settings">
      <h2 id="reports-settings">{t('reports.settingsHeading')}</h2>
      <p className="muted">{t('reports.settingsIntro')}</p>
      <form onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          {(['completed', 'evaluations', 'items'] as const).map((k) => (
            <Field
              key={k}
              label={t(k === 'completed' ? 'reports.minCompleted' : k === 'evaluations' ? 'reports.minEvaluations' : 'reports.minItems')}
            >
              {(p) => (
                <input
                  {...p}
                  type="number"
                  min={1}
                  step={1}
                  required
                  value={min[k]}
                  onChange={(e) => setMin({ ...min, [k]: e.target.value })}
                />
              )}
            </Field>
          ))}
        </div>
        {targets.length === 0 && <p className="muted">{t('reports.noTargets')}</p>}
        {targets.length > 0 && (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('reports.targetScope')}</th>
                  <th scope="col">{t('reports.targetMetric')}</th>
                  <th scope="col">{t('reports.targetDirection')}</th>
                  <th scope="col">{t('reports.targetValue')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('reports.removeTarget')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {targets.map((row, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={t('reports.targetScope')}
                        title={t('reports.targetScopeHint')}
                        value={row.scope}
                        onChange={(e) => setRow(i, { scope: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={t('reports.targetMetric')}
                        value={row.metric}
                        onChange={(e) => setRow(i, { metric: e.target.value as TargetForm['metric'] })}
                      >
                        {TARGET_METRICS.map((m) => (
                          <option key={m} value={m}>
                            {locale === 'zh-CN' ? headlineDef(m).zh : headlineDef(m).en}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <select
                        aria-label={t('reports.targetDirection')}
                        value={row.direction}
                        onChange={(e) => setRow(i, { direction: e.target.value as TargetForm['direction'] })}
                      >
                        <option value="atLeast">{t('reports.atLeast')}</option>
                        <option value="atMost">{t('reports.atMost')}</option>
                      </select>
                    </td>
                    <td>
                      <input
                        aria-label={t('reports.targetValue')}
                        inputMode="decimal"
                        value={row.value}
                        onChange={(e) => setRow(i, { value: e.target.value })}
                      />
                      {headlineDef(row.metric).unit === 'rate' ? ' %' : ''}
                    </td>
                    <td>
                      <button type="button" className="button button-quiet" onClick={() => setTargets(targets.filter((_, j) => j !== i))}>
                        {t('reports.removeTarget')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => setTargets([...targets, { scope: 'city', metric: 'certificateFreeItems', value: '', direction: 'atLeast' }])}
          >
            {t('reports.addTarget')}
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('common.saving') : t('reports.saveSettings')}
          </button>
        </div>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
      {saved && (
        <p role="status" className="success-text">
          {t('reports.settingsSaved')}
        </p>
      )}
    </section>
  );
}

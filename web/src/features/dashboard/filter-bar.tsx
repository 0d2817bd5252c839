// The filter bar of every dashboard page (筛选): period preset or custom dates, comparison,
// department, district/township, item, channel and handling level. Each change writes the URL.
// Only combinations the API answers are offered: choosing a dimension that cannot be combined
// with another clears the other and says so; dimensions the user's scope fixes are shown as text.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { CHANNELS, LEVELS } from '../../../../shared/enums';
import { useResource } from '../../api/use-resource';
import { formatPeriod } from '../../format/format';
import { useLocale, useT } from '../../i18n/i18n';
import { CHANNEL_LABEL, LEVEL_LABEL } from '../../i18n/domain-labels';
import { useDashboard } from './dashboard-context';
import { fetchItems } from './fetch-figures';
import {
  COMPARE_MODES,
  EPOCH_DAY,
  FILTER_DIMS,
  PERIOD_PRESETS,
  offeredDims,
  presetRange,
  regionSelectable,
  setDim,
  type DashboardFilters,
  type FilterDim,
  type PeriodPreset,
} from './filters-data';
import { isCityLevelCode, structurallyWithin } from '../../../../shared/region-code';

/** Phones: the width below which the dashboard stacks (styles.css uses the same 48rem). */
const PHONE_QUERY = '(max-width: 48rem)';
const PRESET_LABEL = {
  thisMonth: 'filters.thisMonth',
  lastMonth: 'filters.lastMonth',
  thisYear: 'filters.thisYear',
  custom: 'filters.custom',
} as const;
const DIM_LABEL = {
  department: 'filters.department',
  region: 'filters.region',
  item: 'filters.item',
  channel: 'filters.channel',
  level: 'filters.level',
} as const;

export function FilterBar({
  dims = FILTER_DIMS,
  showCompare = true,
  showPeriod = true,
}: {
  dims?: readonly FilterDim[];
  showCompare?: boolean;
  showPeriod?: boolean;
}) {
  const t = useT();
  const [locale] = useLocale();
  const d = useDashboard();
  const { filters: f, user, today } = d;
  const uid = useId();
  const offered = offeredDims(user.scope);
  const [dropped, setDropped] = useState<FilterDim[]>([]);
  const [from, setFrom] = useState(f.from);
  const [to, setTo] = useState(f.to);
  const [customOpen, setCustomOpen] = useState(f.period === 'custom');
  useEffect(() => {
    setFrom(f.from);
    setTo(f.to);
    setCustomOpen(f.period === 'custom');
  }, [f.from, f.to, f.period]);

  const itemDept = user.scope.kind === 'department' ? user.scope.departmentCode : f.department;
  const items = useResource(() => (itemDept && offered.item ? fetchItems(itemDept) : Promise.resolve([])), [itemDept, offered.item]);

  const change = (dim: FilterDim, value: string) => {
    const r = setDim(f, dim, value || undefined, user.scope);
    setDropped(r.dropped);
    d.setFilters(r.filters);
  };
  const choosePreset = (p: PeriodPreset) => {
    if (p === 'custom') {
      setCustomOpen(true);
      return;
    }
    setCustomOpen(false);
    d.setFilters({ ...f, period: p, ...presetRange(p, today) });
  };
  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    if (!from || !to || from > to) return;
    d.setFilters({ ...f, period: 'custom', from, to });
  };
  const clear = () => {
    setDropped([]);
    const { department: _d, region: _r, item: _i, channel: _c, level: _l, ...rest } = f;
    d.setFilters(rest as DashboardFilters);
  };
  const anyDim = FILTER_DIMS.some((k) => f[k] !== undefined);
  // On a phone the filters start folded behind one button that says what is shown, so the
  // figures are on the first screen; on wider screens the button is hidden and the bar always open.
  const [open, setOpen] = useState(() => typeof window === 'undefined' || !window.matchMedia?.(PHONE_QUERY).matches);
  const activeCount = FILTER_DIMS.filter((k) => f[k] !== undefined).length;

  const counties = (d.regions ?? []).filter((r) => r.level === 'county' || r.level === 'zone');
  const townsOf = (county: string) => (d.regions ?? []).filter((r) => r.parent === county && (r.level === 'town' || r.level === 'street'));
  const deptOptions = (d.departments ?? []).filter((dep) => {
    if (user.scope.kind !== 'region') return true;
    // A district user: the city's bodies and the district's own (others would show nothing).
    return isCityLevelCode(dep.regionCode) || structurallyWithin(dep.regionCode, user.scope.regionCode);
  });

  return (
    <form className={`filter-bar card${open ? '' : ' filter-collapsed'}`} aria-label={t('filters.title')} onSubmit={applyCustom}>
      <button type="button" className="button filter-toggle" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t(open ? 'filters.hide' : 'filters.show')}
        {activeCount ? `（${activeCount}）` : ''}
      </button>
      {showPeriod && (
        <fieldset className="segmented filter-period">
          <legend>{t('filters.period')}</legend>
          {PERIOD_PRESETS.map((p) => (
            <label key={p} className="segment">
              <input
                type="radio"
                name={`${uid}-period`}
                value={p}
                checked={customOpen ? p === 'custom' : f.period === p}
                onChange={() => choosePreset(p)}
              />
              <span>{t(PRESET_LABEL[p])}</span>
            </label>
          ))}
        </fieldset>
      )}
      {showPeriod && customOpen && (
        <div className="filter-custom">
          <div className="filter-field">
            <label htmlFor={`${uid}-from`}>{t('filters.from')}</label>
            <input
              id={`${uid}-from`}
              type="date"
              value={from}
              min={EPOCH_DAY}
              max={to && to < d.today ? to : d.today}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
          </div>
          <div className="filter-field">
            <label htmlFor={`${uid}-to`}>{t('filters.to')}</label>
            <input
              id={`${uid}-to`}
              type="date"
              value={to}
              min={from || EPOCH_DAY}
              max={d.today}
              onChange={(e) => setTo(e.target.value)}
              required
            />
          </div>
          <button type="submit" className="button button-primary">
            {t('filters.apply')}
          </button>
        </div>
      )}
      <div className="filter-grid">
        {showCompare && (
          <div className="filter-field">
            <label htmlFor={`${uid}-compare`}>{t('filters.compare')}</label>
            <select
              id={`${uid}-compare`}
              value={f.compare}
              onChange={(e) => d.setFilters({ ...f, compare: e.target.value as DashboardFilters['compare'] })}
            >
              {COMPARE_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(m === 'previous' ? 'filters.comparePrevious' : 'filters.compareYear')}
                </option>
              ))}
            </select>
          </div>
        )}
        {dims.includes('department') &&
          (offered.department ? (
            <div className="filter-field">
              <label htmlFor={`${uid}-department`}>{t('filters.department')}</label>
              <select id={`${uid}-department`} value={f.department ?? ''} onChange={(e) => change('department', e.target.value)}>
                <option value="">{t('filters.allDepartments')}</option>
                {deptOptions.map((dep) => (
                  <option key={dep.code} value={dep.code}>
                    {locale === 'en' && dep.nameEn ? dep.nameEn : dep.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            user.scope.kind === 'department' && (
              <p className="filter-field filter-fixed">
                <span>{t('filters.department')}</span>
                <strong>{d.deptName(user.scope.departmentCode)}</strong>
              </p>
            )
          ))}
        {dims.includes('region') &&
          (offered.region ? (
            <div className="filter-field">
              <label htmlFor={`${uid}-region`}>{t('filters.region')}</label>
              <select id={`${uid}-region`} value={f.region ?? ''} onChange={(e) => change('region', e.target.value)}>
                <option value="">{user.scope.kind === 'region' ? d.regionName(user.scope.regionCode) : t('filters.allRegions')}</option>
                {counties.map((c) => {
                  const towns = townsOf(c.code).filter((x) => regionSelectable(x.code, f, user.scope));
                  const countyOk = regionSelectable(c.code, f, user.scope);
                  if (!countyOk && towns.length === 0) return null;
                  return (
                    <optgroup key={c.code} label={c.name}>
                      {countyOk && <option value={c.code}>{t('filters.wholeCounty', { name: c.name })}</option>}
                      {towns.map((x) => (
                        <option key={x.code} value={x.code}>
                          {x.name}
                        </option>
                      ))}
                    </optgroup>
                  );
                })}
              </select>
            </div>
          ) : (
            user.scope.kind === 'region' && (
              <p className="filter-field filter-fixed">
                <span>{t('filters.region')}</span>
                <strong>{d.regionName(user.scope.regionCode)}</strong>
              </p>
            )
          ))}
        {dims.includes('item') && offered.item && (
          <div className="filter-field">
            <label htmlFor={`${uid}-item`}>{t('filters.item')}</label>
            <select
              id={`${uid}-item`}
              value={f.item ?? ''}
              onChange={(e) => change('item', e.target.value)}
              disabled={!itemDept}
              aria-describedby={!itemDept ? `${uid}-item-hint` : undefined}
            >
              <option value="">{t('filters.allItems')}</option>
              {(items.data ?? []).map((i) => (
                <option key={i.itemCode} value={i.itemCode}>
                  {i.name}
                </option>
              ))}
            </select>
            {!itemDept && (
              <small id={`${uid}-item-hint`} className="field-hint">
                {t('filters.itemNeedsDepartment')}
              </small>
            )}
          </div>
        )}
        {dims.includes('channel') && offered.channel && (
          <div className="filter-field">
            <label htmlFor={`${uid}-channel`}>{t('filters.channel')}</label>
            <select id={`${uid}-channel`} value={f.channel ?? ''} onChange={(e) => change('channel', e.target.value)}>
              <option value="">{t('filters.allChannels')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(CHANNEL_LABEL[c])}
                </option>
              ))}
            </select>
          </div>
        )}
        {dims.includes('level') && offered.level && (
          <div className="filter-field">
            <label htmlFor={`${uid}-level`}>{t('filters.level')}</label>
            <select id={`${uid}-level`} value={f.level ?? ''} onChange={(e) => change('level', e.target.value)}>
              <option value="">{t('filters.allLevels')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {t(LEVEL_LABEL[l])}
                </option>
              ))}
            </select>
          </div>
        )}
        {anyDim && (
          <div className="filter-field filter-clear">
            <button type="button" className="button" onClick={clear}>
              {t('filters.clear')}
            </button>
          </div>
        )}
      </div>
      <p className="filter-summary" role="status">
        {showPeriod && <span>{t('filters.showing', { period: formatPeriod(f.from, f.to, locale) })}</span>}
        {dropped.length > 0 && <span> {t('filters.dropped', { dims: dropped.map((x) => t(DIM_LABEL[x])).join('、') })}</span>}
      </p>
    </form>
  );
}

// Number and date formatting of the dashboard, per locale (zh-CN / en). Pure: no React, no DOM.
// Invariants: a rate that is null (no denominator) is "—", never 0% or 100%; a change of a rate
// is in percentage points, a change of a count in percent; dates are Asia/Shanghai civil dates
// ('YYYY-MM-DD') and are formatted without any time-zone shift.
import type { Locale } from '../i18n/messages';

export const DASH = '—';

const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: Locale, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, opts);
    numberFormats.set(key, f);
  }
  return f;
}

/** 12,345 (both locales group by thousands). */
export function formatCount(v: number | null | undefined, locale: Locale): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(locale, { maximumFractionDigits: 0 }).format(v);
}

/** A rate in [0,1] as a percentage with one decimal: 0.9523 → 95.2%; null → —. */
export function formatRate(v: number | null | undefined, locale: Locale, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

/** Working days with one decimal (办理用时): 3.25 → 3.3; null → —. */
export function formatDays(v: number | null | undefined, locale: Locale): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return nf(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

export type ValueKind = 'count' | 'rate' | 'days';

export function formatValue(kind: ValueKind, v: number | null | undefined, locale: Locale): string {
  return kind === 'rate' ? formatRate(v, locale) : kind === 'days' ? formatDays(v, locale) : formatCount(v, locale);
}

export interface Change {
  /** Signed difference: percent for counts, percentage points for rates, days for days. Null when not comparable. */
  delta: number | null;
  direction: 'up' | 'down' | 'flat' | 'none';
}

/**
 * The change from `previous` to `current`: counts in percent (relative), rates in percentage points
 * (absolute × 100), days in days. Not comparable (null) when either side is missing, or a count's
 * previous value is 0 (no percentage of nothing).
 */
export function changeOf(kind: ValueKind, current: number | null | undefined, previous: number | null | undefined): Change {
  if (current === null || current === undefined || previous === null || previous === undefined) return { delta: null, direction: 'none' };
  let delta: number;
  if (kind === 'count') {
    if (previous === 0) return { delta: null, direction: 'none' };
    delta = ((current - previous) / previous) * 100;
  } else if (kind === 'rate') {
    delta = (current - previous) * 100;
  } else {
    delta = current - previous;
  }
  // Below the displayed precision a change is "flat", so the arrow never contradicts "+0.0".
  const direction = Math.abs(delta) < 0.05 ? 'flat' : delta > 0 ? 'up' : 'down';
  return { delta, direction };
}

/** "+12.3%", "−1.2 pp" / "−1.2 个百分点", "+0.5 工作日"; null → —. Unit words come from the caller. */
export function formatChange(kind: ValueKind, change: Change, locale: Locale, units: { pp: string; days: string }): string {
  if (change.delta === null) return DASH;
  const rounded = Math.round(change.delta * 10) / 10;
  const abs = nf(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(rounded));
  const sign = rounded > 0 ? '+' : rounded < 0 ? '−' : '±';
  if (kind === 'count') return `${sign}${abs}%`;
  return `${sign}${abs} ${kind === 'rate' ? units.pp : units.days}`;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function df(locale: Locale, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(opts)}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...opts });
    dateFormats.set(key, f);
  }
  return f;
}

/** A civil date 'YYYY-MM-DD' → 2026年11月27日 / 27 Nov 2026 (formatted in UTC: no shift). */
export function formatDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? DASH;
  return df(locale, { year: 'numeric', month: locale === 'en' ? 'short' : 'long', day: 'numeric' }).format(new Date(`${iso}T00:00:00Z`));
}

/** A short civil date for chart axes: 11/27 / 27 Nov. */
export function formatShortDate(iso: string, locale: Locale): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return df(locale, locale === 'en' ? { month: 'short', day: 'numeric' } : { month: 'numeric', day: 'numeric' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
}

/** A month 'YYYY-MM…' → 2026年11月 / Nov 2026. */
export function formatMonth(iso: string, locale: Locale): string {
  return df(locale, { year: 'numeric', month: locale === 'en' ? 'short' : 'long' }).format(new Date(`${iso.slice(0, 7)}-01T00:00:00Z`));
}

/** A period: one date, a whole month, or from–to. */
export function formatPeriod(from: string, to: string, locale: Locale): string {
  if (from === to) return formatDate(from, locale);
  return `${formatDate(from, locale)} – ${formatDate(to, locale)}`;
}

/** An instant (ISO with offset) as a Shanghai date and time: 2026/11/27 14:05. */
export function formatInstant(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(d);
}

/** Whole hours/days since an instant, for "last record 3 days ago". */
export function elapsedSince(iso: string | null | undefined, nowMs: number): { unit: 'minutes' | 'hours' | 'days'; n: number } | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const minutes = Math.max(0, Math.floor((nowMs - t) / 60_000));
  if (minutes < 60) return { unit: 'minutes', n: minutes };
  if (minutes < 48 * 60) return { unit: 'hours', n: Math.floor(minutes / 60) };
  return { unit: 'days', n: Math.floor(minutes / 1440) };
}

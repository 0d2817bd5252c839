// How report numbers are written (数字格式), the same in the narrative, the printed page, the
// CSV and the web: counts with thousands separators, rates as percentages with one decimal,
// rate changes in percentage points (个百分点 / pp), count changes in percent, days with one
// decimal. A missing value (a rate with no denominator, a change against nothing) is "—".
// No Intl: the output must not depend on the runtime's locale data.

export type ReportLocale = 'zh-CN' | 'en';
export type ValueUnit = 'count' | 'rate' | 'days';
export type ChangeKind = 'pp' | 'pct';

export const DASH = '—';

function group(intText: string): string {
  return intText.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234567 → "1,234,567"; non-integers keep one decimal. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const neg = n < 0;
  const abs = Math.abs(n);
  const text = Number.isInteger(abs)
    ? group(String(abs))
    : (() => {
        const [i, f] = abs.toFixed(1).split('.');
        return `${group(i!)}.${f}`;
      })();
  return neg ? `-${text}` : text;
}

/** 0.9654 → "96.5%". */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return `${fixed(v * 100, 1)}%`;
}

/** 3.27 → "3.3" (working days). */
export function formatDays(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  return fixed(v, 1);
}

export function formatValue(unit: ValueUnit, v: number | null | undefined): string {
  return unit === 'rate' ? formatRate(v) : unit === 'days' ? formatDays(v) : formatCount(v);
}

/** A change: "+0.8 个百分点" / "+0.8 pp" for rates, "+12.3%" for counts and days; null → "—". */
export function formatChange(kind: ChangeKind, v: number | null | undefined, locale: ReportLocale): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return DASH;
  const text = `${signed(v)}`;
  if (kind === 'pct') return `${text}%`;
  return locale === 'zh-CN' ? `${text} 个百分点` : `${text} pp`;
}

/** The magnitude of a change without its sign ("0.8"), for sentences that say up or down in words. */
export function formatMagnitude(v: number): string {
  return fixed(Math.abs(v), 1);
}

function signed(v: number): string {
  const t = fixed(Math.abs(v), 1);
  if (t === '0.0') return '0.0';
  return `${v < 0 ? '-' : '+'}${t}`;
}

/** toFixed without "-0.0" and with half-up rounding of the decimal shown. */
function fixed(v: number, digits: number): string {
  const f = 10 ** digits;
  const r = Math.round(Math.abs(v) * f + 1e-9) / f;
  const t = r.toFixed(digits);
  return v < 0 && r !== 0 ? `-${t}` : t;
}

/** An ISO instant as Asia/Shanghai "YYYY-MM-DD HH:mm" (fixed +08:00, whatever the host's zone). */
export function shanghaiDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

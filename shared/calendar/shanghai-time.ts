// Instants (时刻) → Asia/Shanghai dates (北京时间日期). Every date the product
// shows or counts is a date in Asia/Shanghai, whatever the server's time zone.
// China has observed no daylight-saving time since 1991, so for every instant
// this product handles (2019 onward) Asia/Shanghai is exactly UTC+08:00: a
// fixed offset is correct, and avoids depending on the host's tz database.

import { civilDayNumber, fromDayNumber, InvalidDateError, toDayNumber, type IsoDate } from './iso-date.js';

export const DAY_MS = 86_400_000;
/** Asia/Shanghai offset from UTC: +08:00, fixed (no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant: a Date, epoch milliseconds, or ISO 8601 text with an offset or 'Z'. */
export type Instant = Date | string | number;

// Date-time with a mandatory offset. Text without one would be read in the
// host's zone by Date.parse, so it is refused rather than guessed.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

function parseInstantText(text: string): number | null {
  const m = INSTANT_RE.exec(text);
  if (!m) return null;
  const day = civilDayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  const [hh, mi, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  const offH = Number(m[10] ?? 0);
  const offM = Number(m[11] ?? 0);
  if (day === null || hh > 23 || mi > 59 || ss > 59 || offH > 14 || offM > 59) return null;
  const fracMs = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)); // truncated to ms
  const offsetMs = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  return day * DAY_MS + ((hh * 60 + mi) * 60 + ss) * 1000 + fracMs - offsetMs;
}

/** Epoch milliseconds of an instant; throws InvalidDateError if it is not one. */
export function toEpochMs(instant: Instant): number {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? parseInstantText(instant) : instant.getTime();
  if (ms === null || !Number.isFinite(ms)) {
    throw new InvalidDateError(`not an instant (ISO 8601 with offset, epoch ms or Date): ${String(instant)}`);
  }
  return ms;
}

/** Day number (days since 1970-01-01) of the Asia/Shanghai date of an epoch-ms instant. */
export function shanghaiDayNumber(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Instant): IsoDate {
  return fromDayNumber(shanghaiDayNumber(toEpochMs(instant)));
}

/** Epoch milliseconds of 00:00 (+08:00) on the given date. */
export function shanghaiDayStartMs(date: IsoDate): number {
  return toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

// Asia/Shanghai calendar dates of instants, independent of the host time zone. China has kept
// UTC+08:00 all year since 1991 (no daylight saving), so a fixed offset is exact for our data.

export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' in Asia/Shanghai for an instant (Date, epoch ms or ISO string with offset). */
export function shanghaiDay(instant: Date | number | string): string {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

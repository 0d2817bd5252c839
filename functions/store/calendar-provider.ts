// Which working-day calendar the figures use: the shipped table, or the one an administrator
// saved (kept by version, so a contribution computed with an older calendar can be undone).
import { createCalendar, defaultCalendar, type CalendarData, type WorkingCalendar } from '../../shared/calendar/index.js';
import type { SettingsStore } from './settings-store.js';
import { SETTINGS } from './settings.js';

export interface CalendarProvider {
  /** The calendar in force; `maxAgeMs`: as read at most that long ago (figures; never the aggregator). */
  current(opts?: { maxAgeMs?: number }): Promise<WorkingCalendar>;
  byVersion(version: string): Promise<WorkingCalendar | undefined>;
}

export function createCalendarProvider(settings: SettingsStore): CalendarProvider {
  const cache = new Map<string, WorkingCalendar>([[defaultCalendar.version, defaultCalendar]]);
  const fromData = (data: CalendarData) => {
    const cal = createCalendar(data);
    if (!cache.has(cal.version)) cache.set(cal.version, cal);
    return cache.get(cal.version)!;
  };
  return {
    async current(opts = {}) {
      const saved = opts.maxAgeMs ? await settings.recent(SETTINGS.calendar, opts.maxAgeMs) : await settings.get(SETTINGS.calendar);
      if (!saved) return defaultCalendar;
      return (saved.version && cache.get(saved.version)) || fromData(saved.data);
    },
    async byVersion(version) {
      const hit = cache.get(version);
      if (hit) return hit;
      const saved = await settings.get(SETTINGS.calendarVersion(version));
      return saved ? fromData(saved.data) : undefined;
    },
  };
}

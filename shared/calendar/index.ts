// Working-day calendar (工作日历) and Asia/Shanghai dates: the public surface.
// `defaultCalendar` is built from the shipped 2019–2026 table; code that must
// honour an administrator's uploaded calendar builds its own with createCalendar.

import { createCalendar } from './calendar.js';
import { DEFAULT_CALENDAR_DATA } from './default-data.js';

export { addDays, InvalidDateError, isIsoDate, type IsoDate } from './iso-date.js';
export { DAY_MS, shanghaiDate, shanghaiDayStartMs, toEpochMs, type Instant } from './shanghai-time.js';
export { CalendarDataError, createCalendar, type CalendarData, type WorkingCalendar, type YearArrangement } from './calendar.js';
export { DEFAULT_CALENDAR_DATA } from './default-data.js';

/** The calendar of the shipped table (2019–2026). */
export const defaultCalendar = createCalendar(DEFAULT_CALENDAR_DATA);

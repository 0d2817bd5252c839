// Settings an administrator changes without a release (配置): the working-day calendar per year
// (工作日历) and the follow-up deadlines of complaints and bad reviews. A calendar change is a
// table write the aggregator sees on the stream, so every figure that depends on it is recomputed.
import { z } from 'zod';
import { CalendarDataError, createCalendar, DEFAULT_CALENDAR_DATA, type CalendarData } from '../../shared/calendar/index.js';
import { COMPLAINT_CATEGORIES } from '../../shared/enums.js';
import { DEFAULT_DEADLINES, type FollowUpDeadlines } from '../../shared/figures/deadlines.js';
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import type { CalendarProvider } from '../store/calendar-provider.js';
import { assertAdministrator } from './access-policy.js';
import { actorName, type Principal } from './principal.js';
import { SETTINGS } from '../store/settings.js';

export const YearInput = z.strictObject({
  holidays: z.array(z.iso.date()).max(60).describe('statutory days off (法定节假日), YYYY-MM-DD'),
  workdays: z.array(z.iso.date()).max(20).describe('adjusted working weekend days (调休上班日)'),
  source: z.string().max(300).optional().describe('the State Council notice this follows'),
});

const Limit = z.int().min(0).max(60);
export const DeadlinesInput = z.strictObject({
  complaints: z.partialRecord(z.enum(COMPLAINT_CATEGORIES), z.strictObject({ respondDays: Limit, resolveDays: Limit })).optional(),
  rectifyDays: Limit.optional(),
});

export function createSettingsService(stores: Stores, calendars: CalendarProvider, now: () => Date) {
  async function calendarData(): Promise<CalendarData> {
    return (await stores.settings.get(SETTINGS.calendar))?.data ?? DEFAULT_CALENDAR_DATA;
  }
  return {
    /** The calendar in force with its data: administrators only (it is a setting). */
    async calendar(p: Principal) {
      assertAdministrator(p);
      const cal = await calendars.current();
      const years = Object.fromEntries(
        Object.entries(await calendarData()).map(([y, a]) => [y, { holidays: [...a.holidays], workdays: [...a.workdays] }]),
      );
      return { version: cal.version, years };
    },

    /** Adds or corrects one year; the aggregator recomputes the figures that depend on it. */
    async putYear(actor: Principal, year: number, input: z.infer<typeof YearInput>) {
      assertAdministrator(actor);
      const data = { ...(await calendarData()), [String(year)]: { holidays: input.holidays, workdays: input.workdays } };
      let version: string;
      try {
        version = createCalendar(data).version;
      } catch (e) {
        if (e instanceof CalendarDataError) {
          throw errors.badRequest(
            `the calendar of ${year} is invalid`,
            `${year} 年工作日历有误`,
            e.issues.map((m) => ({ path: `years.${year}`, code: 'calendar_invalid', message: m, messageZh: m })),
          );
        }
        throw e;
      }
      const at = now().toISOString();
      const old = await calendars.current();
      // Keep the version in force so far, so contributions computed with it can be undone.
      await stores.settings.put(SETTINGS.calendarVersion(old.version), { data: await calendarData() }, actorName(actor), at);
      await stores.settings.put(SETTINGS.calendarVersion(version), { data }, actorName(actor), at);
      await stores.settings.put(SETTINGS.calendar, { data, version }, actorName(actor), at);
      await stores.audit.append({
        at,
        actor: actorName(actor),
        action: 'calendar.put',
        target: String(year),
        details: { from: old.version, to: version, ...(input.source ? { source: input.source } : {}) },
      });
      return { version, year, recomputing: true };
    },

    /** The follow-up limits in force, for any signed-in caller: they judge every department's complaints and reviews alike. */
    async limits(): Promise<FollowUpDeadlines> {
      return (await stores.settings.get(SETTINGS.deadlines)) ?? DEFAULT_DEADLINES;
    },

    /** The limits as a setting (with the admin pages): administrators only. */
    async deadlines(p: Principal): Promise<FollowUpDeadlines> {
      assertAdministrator(p);
      return this.limits();
    },

    async putDeadlines(actor: Principal, input: z.infer<typeof DeadlinesInput>) {
      assertAdministrator(actor);
      const cur = await this.limits();
      const next: FollowUpDeadlines = {
        complaints: { ...cur.complaints, ...(input.complaints as FollowUpDeadlines['complaints'] | undefined) },
        rectifyDays: input.rectifyDays ?? cur.rectifyDays,
      };
      await stores.settings.put(SETTINGS.deadlines, next, actorName(actor), now().toISOString());
      await stores.audit.append({
        at: now().toISOString(),
        actor: actorName(actor),
        action: 'deadlines.put',
        target: 'DEADLINES',
        details: { before: cur, after: next },
      });
      return next;
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;

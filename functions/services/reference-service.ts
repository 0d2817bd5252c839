// Reference data for pages and reports: the city's divisions (行政区划) with the functional zones
// an administrator adds (功能区, e.g. 高新区, which have no division code of their own), and the
// data-feed view (数据接入) per department.
import type { z } from 'zod';
import { BUILT_IN_REGIONS, type Region } from '../../shared/built-in-regions.js';
import { addCalendarDays } from '../../shared/figures/periods.js';
import { shanghaiDate } from '../../shared/calendar/index.js';
import { maskPersonalData } from '../../shared/contract/pii.js';
import { errors } from '../errors.js';
import type { Stores } from '../store/index.js';
import { addFeedCounts, emptyFeedCounts, type FeedCounts, type FeedDay } from '../store/feed-store.js';
import { assertAdministrator, visibleDepartments } from './access-policy.js';
import type { Principal } from './principal.js';
import type { ZoneInput } from './zone-input.js';
import { actorName } from './principal.js';
import { SETTINGS } from '../store/settings.js';
import { cityRegionCode } from '../../shared/region-code.js';

export type { Region } from '../../shared/built-in-regions.js';

const BUILT_IN = BUILT_IN_REGIONS;

/** Days without a record after which a department's feed is marked stale (数据断供). */
export const STALE_AFTER_DAYS = 3;

export function createReferenceService(stores: Stores, cityCode: string, now: () => Date) {
  async function zones(): Promise<Region[]> {
    return (await stores.settings.get(SETTINGS.zones)) ?? [];
  }

  return {
    async regions(): Promise<Region[]> {
      return [...BUILT_IN.filter((r) => r.code.startsWith(cityCode)), ...(await zones())];
    },

    async addZone(actor: Principal, input: z.infer<typeof ZoneInput>): Promise<Region> {
      assertAdministrator(actor);
      if (!input.code.startsWith(cityCode))
        throw errors.badRequest(`the code must start with ${cityCode}`, `代码须以 ${cityCode} 开头`, [
          { path: 'code', code: 'outside_city', message: `must start with ${cityCode}`, messageZh: `须以 ${cityCode} 开头` },
        ]);
      const all = await this.regions();
      if (all.some((r) => r.code === input.code)) throw errors.conflict(`region ${input.code} exists`, `区划代码 ${input.code} 已存在`);
      const zone: Region = {
        code: input.code,
        name: maskPersonalData(input.name),
        level: 'zone',
        parent: input.parent ?? cityRegionCode(cityCode),
      };
      await stores.settings.put(SETTINGS.zones, [...(await zones()), zone], actorName(actor), now().toISOString());
      await stores.audit.append({
        at: now().toISOString(),
        actor: actorName(actor),
        action: 'region.zone.add',
        target: zone.code,
        details: { name: zone.name },
      });
      return zone;
    },

    /** Per department in the caller's scope: what its feed sent each day, and whether it went quiet. */
    async feeds(p: Principal, from: string, to: string) {
      if (to < from) throw errors.badRequest('`to` must not be before `from`', '结束日期不能早于开始日期');
      const depts = visibleDepartments(p, await stores.departments.list(), await this.regions());
      const today = shanghaiDate(now());
      const rows = await Promise.all(
        depts.map(async (d) => {
          const days = await stores.feed.days(d.code, from, to);
          // The last record ever, for staleness: the latest day row up to today.
          const recent = await stores.feed.days(d.code, addCalendarDays(today, -366), today);
          const last =
            recent
              .map((x) => x.lastReceivedAt)
              .filter(Boolean)
              .sort()
              .at(-1) ?? null;
          const total = sumFeed(days);
          const daysSince = last ? Math.floor((now().getTime() - Date.parse(last)) / 86_400_000) : null;
          return {
            department: d.code,
            name: d.name,
            ...total,
            lastReceivedAt: last,
            daysSinceLastRecord: daysSince,
            stale: daysSince === null || daysSince >= STALE_AFTER_DAYS,
            days: days.map((x) => ({ day: x.day, ...sumFeed([x]) })),
          };
        }),
      );
      return { from, to, staleAfterDays: STALE_AFTER_DAYS, departments: rows };
    },
  };
}
export type ReferenceService = ReturnType<typeof createReferenceService>;

function sumFeed(days: FeedDay[]): FeedCounts {
  return days.reduce<FeedCounts>(addFeedCounts, emptyFeedCounts());
}

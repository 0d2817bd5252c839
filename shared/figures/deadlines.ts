// Deadlines of complaints and bad reviews (投诉响应/办结时限, 差评整改时限), in working days
// counted like the case clock from the day after receipt. Configurable by an administrator;
// these are the defaults of domain.md.
import { COMPLAINT_CATEGORIES } from '../enums.js';

export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export interface FollowUpDeadlines {
  complaints: Record<ComplaintCategory, { respondDays: number; resolveDays: number }>;
  rectifyDays: number;
}

export const DEFAULT_DEADLINES: FollowUpDeadlines = {
  complaints: Object.fromEntries(
    COMPLAINT_CATEGORIES.map((c) => [c, { respondDays: 1, resolveDays: 5 }]),
  ) as FollowUpDeadlines['complaints'],
  rectifyDays: 15,
};

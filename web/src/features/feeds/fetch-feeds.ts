// The data-feed page's request: GET /v1/feeds — per department in the caller's scope, what its
// feed sent each day of the period (accepted, duplicate, conflict, rejected by rule, voids,
// unknown items) and when its last record arrived (stale after `staleAfterDays`).
import { apiFetch } from '../../api/client';

import type { FeedCounts, FeedDepartment, FeedsAnswer } from '../../../../shared/contract/reference';

export type { FeedCounts, FeedDepartment };
export type Feeds = FeedsAnswer;

export function fetchFeeds(from: string, to: string, signal?: AbortSignal): Promise<Feeds> {
  return apiFetch<Feeds>(`/v1/feeds?${new URLSearchParams({ from, to })}`, signal ? { signal } : {});
}

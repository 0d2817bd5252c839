// The data-feed page's request: GET /v1/feeds — per department in the caller's scope, what its
// feed sent each day of the period (accepted, duplicate, conflict, rejected by rule, voids,
// unknown items) and when its last record arrived (stale after `staleAfterDays`).
import { apiFetch } from '../../api/client';

export interface FeedCounts {
  accepted: number; duplicate: number; conflict: number; rejected: number; forbidden: number; voids: number; unknownItem: number;
  rejectedBy: Record<string, number>;
}
export interface FeedDepartment extends FeedCounts {
  department: string;
  name: string;
  lastReceivedAt: string | null;
  daysSinceLastRecord?: number | null;
  stale: boolean;
  days?: Array<FeedCounts & { day: string }>;
}
export interface Feeds { from: string; to: string; staleAfterDays: number; departments: FeedDepartment[] }

export function fetchFeeds(from: string, to: string, signal?: AbortSignal): Promise<Feeds> {
  return apiFetch<Feeds>(`/v1/feeds?${new URLSearchParams({ from, to })}`, signal ? { signal } : {});
}

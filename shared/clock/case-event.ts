// Case events (办件事件) as the case clock reads them: the records of one case
// (受理 accepted, 暂停/恢复 suspended/resumed, 延长 extended, 办结 completed,
// 撤回 withdrawn, 申请 submitted, 不予受理 not_accepted), voided ones already
// removed by the caller. Events may arrive in any order; the clock orders them
// by instant, then by `seq`, then by `id`, so the result never depends on the
// order of the input array.

import { toEpochMs } from '../calendar/index.js';

export type CaseEventType =
  | 'case.submitted'
  | 'case.accepted'
  | 'case.not_accepted'
  | 'case.suspended'
  | 'case.resumed'
  | 'case.extended'
  | 'case.completed'
  | 'case.withdrawn';

export interface CaseEvent {
  /** The sender's record id; the last tie-break between events at one instant. */
  readonly id: string;
  readonly type: CaseEventType;
  /** When it happened: ISO 8601 with an offset or 'Z', or epoch milliseconds. */
  readonly at: string | number;
  /** case.extended only: working days added (延长天数, integer ≥ 1). */
  readonly days?: number;
  /** Optional storage/arrival sequence: orders events sharing an instant before `id` does. */
  readonly seq?: number;
}

/** Thrown for case events the clock cannot read (e.g. an extension without days). */
export class CaseClockError extends Error {
  override readonly name = 'CaseClockError';
}

export interface TimedEvent {
  readonly event: CaseEvent;
  readonly ms: number;
}

function compareTimed(a: TimedEvent, b: TimedEvent): number {
  const bySeq = (a.event.seq ?? Number.MAX_SAFE_INTEGER) - (b.event.seq ?? Number.MAX_SAFE_INTEGER);
  const byId = a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0;
  return a.ms - b.ms || bySeq || byId;
}

/** The events with their epoch-ms instants, in clock order. */
export function orderEvents(events: readonly CaseEvent[]): TimedEvent[] {
  return events.map((event) => ({ event, ms: toEpochMs(event.at) })).sort(compareTimed);
}

/** A stored record as the callers of the clock hold it (entity states, timelines, the case page). */
export interface RecordForClock {
  readonly id: string;
  readonly type: string;
  readonly atMs: number;
  readonly body: Record<string, unknown>;
  readonly voided?: boolean;
}

/**
 * The one place that turns stored records into clock events: the case records that are not voided,
 * with an extension's working days. Used by the figures, the open-case index and judging a case now.
 */
export function caseEventsOf(records: readonly RecordForClock[]): CaseEvent[] {
  return records
    .filter((r) => !r.voided && r.type.startsWith('case.'))
    .map((r) => ({
      id: r.id,
      type: r.type as CaseEventType,
      at: r.atMs,
      ...(r.type === 'case.extended' ? { days: r.body.days as number } : {}),
    }));
}

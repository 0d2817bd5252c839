// The case's timeline (办件时间线): the ordered events reduced to what the
// clock needs — the acceptance that counts, suspension spans, extension days
// and how the case ended. Readings of domain.md made here:
//   - only events at or before `now` exist: the result is the case as of now;
//   - the latest acceptance counts (a re-acceptance restarts the clock), and
//     everything before it is ignored;
//   - a suspension while already suspended, or a resume while not suspended,
//     is ignored (the first suspend and the first resume after it pair up);
//   - completion or withdrawal ends the case and closes an open suspension at
//     that instant; later events are ignored;
//   - submitted / not_accepted after the counting acceptance change nothing.

import { CaseClockError, orderEvents, type CaseEvent, type TimedEvent } from './case-event.js';

export interface SuspensionSpan {
  readonly startMs: number;
  /** null: still suspended as of now. */
  readonly endMs: number | null;
}

export interface CaseEnd {
  readonly type: 'completed' | 'withdrawn';
  readonly ms: number;
}

export type CaseTimeline =
  | { readonly kind: 'unaccepted'; readonly status: 'submitted' | 'not_accepted' | 'withdrawn' }
  | {
      readonly kind: 'accepted';
      readonly acceptedMs: number;
      readonly suspensions: readonly SuspensionSpan[];
      readonly extensionDays: number;
      readonly end: CaseEnd | null;
    };

const PRE_ACCEPTANCE = {
  'case.submitted': 'submitted',
  'case.not_accepted': 'not_accepted',
  'case.withdrawn': 'withdrawn',
} as const;

function unaccepted(timed: readonly TimedEvent[]): CaseTimeline {
  for (let i = timed.length - 1; i >= 0; i--) {
    const type = timed[i]!.event.type;
    if (type in PRE_ACCEPTANCE) return { kind: 'unaccepted', status: PRE_ACCEPTANCE[type as keyof typeof PRE_ACCEPTANCE] };
  }
  throw new CaseClockError('case has no submitted, accepted, not_accepted or withdrawn event at or before now');
}

function extensionDays(event: CaseEvent): number {
  const days = event.days;
  if (days === undefined || !Number.isInteger(days) || days < 1) {
    throw new CaseClockError(`extension ${event.id} needs days, an integer ≥ 1 (got ${String(days)})`);
  }
  return days;
}

/** Reduce the events from the counting acceptance (timed[0]) onwards. */
function accepted(timed: readonly TimedEvent[]): CaseTimeline {
  const acceptedMs = timed[0]!.ms;
  const suspensions: SuspensionSpan[] = [];
  let openSince: number | null = null;
  let extension = 0;
  for (const { event, ms } of timed.slice(1)) {
    if (event.type === 'case.suspended' && openSince === null) openSince = ms;
    else if (event.type === 'case.resumed' && openSince !== null) {
      suspensions.push({ startMs: openSince, endMs: ms });
      openSince = null;
    } else if (event.type === 'case.extended') extension += extensionDays(event);
    else if (event.type === 'case.completed' || event.type === 'case.withdrawn') {
      if (openSince !== null) suspensions.push({ startMs: openSince, endMs: ms });
      const end: CaseEnd = { type: event.type === 'case.completed' ? 'completed' : 'withdrawn', ms };
      return { kind: 'accepted', acceptedMs, suspensions, extensionDays: extension, end };
    }
  }
  if (openSince !== null) suspensions.push({ startMs: openSince, endMs: null });
  return { kind: 'accepted', acceptedMs, suspensions, extensionDays: extension, end: null };
}

export function buildTimeline(events: readonly CaseEvent[], nowMs: number): CaseTimeline {
  const timed = orderEvents(events).filter((t) => t.ms <= nowMs);
  const acceptance = timed.findLastIndex((t) => t.event.type === 'case.accepted');
  return acceptance < 0 ? unaccepted(timed) : accepted(timed.slice(acceptance));
}

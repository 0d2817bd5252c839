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
// What the clock cannot judge (无法判定) is returned as such, never thrown, so one
// contradictory case cannot stop the counting of any other:
//   - no submitted, accepted, not_accepted or withdrawn event at or before now;
//   - a completion or withdrawal dated before the counting acceptance, or a
//     suspension, resumption or extension dated before the first acceptance
//     (the record or the acceptance date is wrong; which one, only the sender knows);
//   - a resumption with no open suspension (a suspension record is missing, so
//     the suspended days, and with them the deadline, are unknown);
//   - an extension without a whole number of days ≥ 1.

import { orderEvents, type CaseEvent, type TimedEvent } from './case-event.js';

/** Why a case cannot be judged (无法判定的原因): a stable rule code. */
export type ClockProblemCode =
  | 'no_start_event'
  | 'ended_before_acceptance'
  | 'event_before_acceptance'
  | 'resumed_without_suspension'
  | 'invalid_extension';

export interface ClockProblem {
  readonly code: ClockProblemCode;
  /** The records involved (the contradicting record first), for the sender to correct. */
  readonly recordIds: readonly string[];
}

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
  | { readonly kind: 'cannot_judge'; readonly problem: ClockProblem }
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
  return cannotJudge(
    'no_start_event',
    timed.map((t) => t.event.id),
  );
}

const cannotJudge = (code: ClockProblemCode, recordIds: readonly string[]): CaseTimeline => ({
  kind: 'cannot_judge',
  problem: { code, recordIds },
});
const validDays = (days: number | undefined): days is number => days !== undefined && Number.isInteger(days) && days >= 1;

/** Reduce the events from the counting acceptance (timed[0]) onwards. */
function accepted(timed: readonly TimedEvent[]): CaseTimeline {
  const acceptedMs = timed[0]!.ms;
  const suspensions: SuspensionSpan[] = [];
  let openSince: number | null = null;
  let extension = 0;
  const acceptanceId = timed[0]!.event.id;
  for (const { event, ms } of timed.slice(1)) {
    if (event.type === 'case.suspended' && openSince === null) openSince = ms;
    else if (event.type === 'case.resumed') {
      if (openSince === null) return cannotJudge('resumed_without_suspension', [event.id, acceptanceId]);
      suspensions.push({ startMs: openSince, endMs: ms });
      openSince = null;
    } else if (event.type === 'case.extended') {
      if (!validDays(event.days)) return cannotJudge('invalid_extension', [event.id]);
      extension += event.days;
    } else if (event.type === 'case.completed' || event.type === 'case.withdrawn') {
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
  if (acceptance < 0) return unaccepted(timed);
  const first = timed.findIndex((t) => t.event.type === 'case.accepted');
  const acceptanceId = timed[acceptance]!.event.id;
  for (let i = 0; i < acceptance; i++) {
    const e = timed[i]!.event;
    if (e.type === 'case.completed' || e.type === 'case.withdrawn') return cannotJudge('ended_before_acceptance', [e.id, acceptanceId]);
    if (i < first && (e.type === 'case.suspended' || e.type === 'case.resumed' || e.type === 'case.extended')) {
      return cannotJudge('event_before_acceptance', [e.id, timed[first]!.event.id]);
    }
  }
  return accepted(timed.slice(acceptance));
}

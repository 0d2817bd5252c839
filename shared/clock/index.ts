// The case clock (办件时效): public surface. evaluateCase judges one case;
// workingTimeBetween measures working time (工作时长) between two instants.

export { CaseClockError, caseEventsOf, type CaseEvent, type CaseEventType, type RecordForClock } from './case-event.js';
export type { DeadlineExplanation, SuspensionExplanation } from './deadline.js';
export {
  evaluateCase,
  yellowThresholdDays,
  type CaseClock,
  type CaseStatus,
  type CaseWarning,
  type ClockOptions,
} from './evaluate-case.js';
export type { ClockProblem, ClockProblemCode } from './timeline.js';
export { workingTimeBetween } from './working-time.js';

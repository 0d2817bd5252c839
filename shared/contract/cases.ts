// The answers about single cases (办件): the warning lists of GET /v1/warnings (红牌/黄牌) and one
// case's events and clock (GET /v1/cases/{department}/{caseId}), as zod schemas. The routes
// declare them as their responses (the OpenAPI document shows them), the dashboard imports their
// inferred types (type-only), and the service's answer must fit them or it does not compile.
import { z } from 'zod';
import type { CaseStatus, CaseWarning } from '../clock/evaluate-case.js';
import type { ClockProblemCode } from '../clock/timeline.js';
import { FiguresFilter } from './figures.js';

const Day = z.string().describe('YYYY-MM-DD, an Asia/Shanghai date');

export const CASE_STATUSES = [
  'not_accepted',
  'submitted',
  'open',
  'suspended',
  'completed',
  'withdrawn',
  'cannot_judge',
] as const satisfies readonly CaseStatus[];
export const CASE_WARNINGS = ['none', 'yellow', 'red'] as const satisfies readonly CaseWarning[];
const CLOCK_PROBLEMS = [
  'no_start_event',
  'ended_before_acceptance',
  'event_before_acceptance',
  'resumed_without_suspension',
  'invalid_extension',
] as const satisfies readonly ClockProblemCode[];
export const WARNING_LEVELS = ['red', 'yellow'] as const;

/** One open case of a warning list. */
export const WarningCase = z.object({
  department: z.string(),
  caseId: z.string(),
  itemCode: z.string(),
  regionCode: z.string(),
  channel: z.string(),
  status: z.enum(CASE_STATUSES),
  acceptedOn: Day.nullable(),
  deadline: Day.nullable().describe('null while a suspension is open'),
  daysOverdue: z.number().describe('working days past the deadline'),
  elapsedWorkingDays: z.number().describe('since acceptance, suspensions excluded'),
  limitDays: z.number().describe('promised days + extension days'),
  warning: z.enum(WARNING_LEVELS),
});
export type WarningCase = z.infer<typeof WarningCase>;

/** GET /v1/warnings: one page of a warning list, oldest deadline first. */
export const WarningsAnswer = z.object({
  level: z.enum(WARNING_LEVELS),
  asOf: Day.describe('the day the cases are judged as of (today)'),
  filter: FiguresFilter.describe('the filter the list was read with: yours, narrowed to your scope'),
  cases: z.array(WarningCase),
  next: z.string().optional().describe('pass as `cursor` for the next page; absent on the last'),
});
export type WarningsAnswer = z.infer<typeof WarningsAnswer>;

export const SuspensionExplanation = z.object({
  from: Day.describe('date suspended; not itself counted'),
  to: Day.nullable().describe('date resumed, or null while still suspended (counted up to today)'),
  countedDays: z.number(),
});
export const DeadlineExplanation = z.object({
  acceptedOn: Day,
  promisedDays: z.number(),
  extensionDays: z.number(),
  suspensions: z.array(SuspensionExplanation).readonly(),
  suspendedWorkingDays: z.number(),
  deadline: Day,
  calendarVersion: z.string(),
  rule: z.string().describe('the computation in words (Chinese)'),
});

/** The case clock (办件时效) of a case whose item is known: shared/clock/evaluate-case.ts. */
export const CaseClock = z.object({
  status: z.enum(CASE_STATUSES),
  acceptedOn: Day.nullable(),
  completedOn: Day.nullable(),
  deadline: Day.nullable().describe('null while a suspension is open'),
  daysLeft: z.number().nullable().describe('while suspended: working days of the limit left when it stopped'),
  problem: z
    .object({ code: z.enum(CLOCK_PROBLEMS), recordIds: z.array(z.string()).readonly() })
    .optional()
    .describe('only with status cannot_judge (无法判定): why, and the records involved'),
  suspendedWorkingDays: z.number(),
  extensionDays: z.number(),
  onTime: z.boolean().nullable(),
  overdue: z.boolean(),
  daysOverdue: z.number(),
  warning: z.enum(CASE_WARNINGS),
  elapsedWorkingDays: z.number(),
  processingDays: z.number().nullable().describe('办理用时 in decimal working days; completed cases only'),
  explanation: DeadlineExplanation.nullable(),
});
export type CaseClock = z.infer<typeof CaseClock>;

/** The clock of a case whose item is not in the catalog for its acceptance date: no verdict yet. */
export const UnjudgedClock = z.object({
  status: z.enum(CASE_STATUSES),
  acceptedOn: Day.nullable(),
  note: z.string(),
});

/**
 * A stored record of the case as the department posted it (POST /v1/events: its own fields by
 * `type`), with when it was received and, if voided, by which record. The record's own fields
 * are the ingest contract's (RecordSchema), not repeated here.
 */
export const CaseEvent = z
  .object({
    id: z.string(),
    type: z.string(),
    at: z.string(),
    receivedAt: z.string(),
    unknownItem: z.literal(true).optional().describe('the item was not in the catalog when the record arrived'),
    voidedBy: z.string().optional(),
    voidedAt: z.string().optional(),
  })
  .catchall(z.unknown());
export type CaseEvent = z.infer<typeof CaseEvent>;

/** GET /v1/cases/{department}/{caseId}. */
export const CaseDetail = z.object({
  department: z.string(),
  caseId: z.string(),
  item: z
    .object({ itemCode: z.string(), name: z.string(), promisedDays: z.number(), statutoryDays: z.number(), effectiveFrom: Day })
    .nullable()
    .describe('the catalog version in force on the acceptance date; null before acceptance or when unknown'),
  judged: z.boolean(),
  clock: z.union([CaseClock, UnjudgedClock]).nullable().describe('null when no record starts the case'),
  calendarVersion: z.string(),
  events: z.array(CaseEvent).describe('every record of the case, voided ones included'),
});
export type CaseDetail = z.infer<typeof CaseDetail>;

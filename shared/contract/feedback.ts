// The work lists' answers (投诉与好差评明细), as zod schemas: GET /v1/complaints and /v1/evaluations
// (a page of rows), one complaint or evaluation with its records in order, and a stored record as
// GET /v1/records/{department}/{id} shows it. The routes declare them as their responses (so the
// OpenAPI document shows every field), the dashboard imports their inferred types (type-only).
import { z } from 'zod';
import { COMPLAINT_CATEGORIES } from '../enums.js';
import { RECORD_TYPES, type RecordType } from './records.js';

const Late = z
  .boolean()
  .nullable()
  .describe('true: late (done after the deadline, or still pending after it); false: done on time; null: pending, deadline not yet passed');
const Instant = z.string().describe('as sent by the department (ISO 8601 with offset)');

/**
 * A stored record as the API shows it: the fields every record has, and the rest of the record as
 * the department sent it (its type's fields, see the ingest contract), free text masked. Records
 * stored under an older version of the contract are shown as stored, so the type's fields are not
 * re-validated here.
 */
export const StoredRecordView = z
  .object({
    id: z.string(),
    type: z.enum(RECORD_TYPES as [RecordType, ...RecordType[]]),
    at: Instant,
    receivedAt: z.string().describe('when the API accepted it'),
    unknownItem: z.literal(true).optional().describe('it names an item code not (yet) in the department’s catalog'),
    voidedBy: z.string().optional().describe('the id of the void record that withdrew it'),
    voidedAt: z.string().optional(),
  })
  .catchall(z.unknown())
  .describe('the record’s own fields as sent (by its type), free text masked');
export type StoredRecordView = z.infer<typeof StoredRecordView>;

/** One complaint: where it stands as of today. */
export const ComplaintRow = z.object({
  department: z.string(),
  departmentName: z.string().nullable(),
  complaintId: z.string(),
  receivedAt: Instant,
  receivedOn: z.string(),
  category: z.enum(COMPLAINT_CATEGORIES),
  channel: z.string(),
  regionCode: z.string(),
  itemCode: z.string().nullable(),
  itemName: z.string().nullable(),
  caseId: z.string().nullable().describe('the case it names (see /v1/cases/{department}/{caseId})'),
  summary: z.string().nullable(),
  respondBy: z.string().describe('deadline day to respond (configured working days after receipt)'),
  respondedAt: Instant.nullable(),
  responseLate: Late,
  resolveBy: z.string(),
  resolvedAt: Instant.nullable().describe('the last resolution not followed by a reopening'),
  resolutionLate: Late,
  open: z.boolean().describe('not resolved'),
  reopened: z.boolean(),
  substantiated: z.boolean().nullable(),
  followUp: z.string().nullable(),
  late: z.boolean().describe('late to respond or to resolve, as of today'),
});
export type ComplaintRow = z.infer<typeof ComplaintRow>;

/** One evaluation (好差评). */
export const EvaluationRow = z.object({
  department: z.string(),
  departmentName: z.string().nullable(),
  evaluationId: z.string(),
  submittedAt: Instant,
  submittedOn: z.string(),
  itemCode: z.string(),
  itemName: z.string().nullable(),
  channel: z.string(),
  score: z.number().int(),
  bad: z.boolean().describe('差评: score 1 or 2'),
  caseId: z.string().nullable(),
  regionCode: z.string().nullable().describe('the region of the case it names (an evaluation carries none); null without a case'),
  comment: z.string().nullable(),
  calledBack: z.boolean(),
  rectifyBy: z.string().nullable().describe('bad reviews: the rectification deadline day'),
  rectifiedAt: Instant.nullable(),
  rectificationLate: Late,
});
export type EvaluationRow = z.infer<typeof EvaluationRow>;

const page = {
  asOf: z.string().describe('the day lateness is judged as of (today)'),
  filter: z.record(z.string(), z.unknown()).describe('the filter applied, narrowed to your scope'),
  next: z.string().optional().describe('pass as `cursor` for the next page'),
};

/** GET /v1/complaints (JSON). */
export const ComplaintPage = z.object({ ...page, complaints: z.array(ComplaintRow) });
export type ComplaintPage = z.infer<typeof ComplaintPage>;
/** GET /v1/evaluations (JSON). */
export const EvaluationPage = z.object({ ...page, evaluations: z.array(EvaluationRow) });
export type EvaluationPage = z.infer<typeof EvaluationPage>;

/** GET /v1/complaints/{department}/{complaintId}. */
export const ComplaintDetail = z.object({
  asOf: z.string(),
  department: z.string(),
  departmentName: z.string().nullable(),
  complaintId: z.string(),
  status: ComplaintRow.nullable().describe('as in the list; null while its `complaint.received` is missing or voided'),
  events: z.array(StoredRecordView),
});
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

/** GET /v1/evaluations/{department}/{evaluationId}. */
export const EvaluationDetail = z.object({
  asOf: z.string(),
  department: z.string(),
  departmentName: z.string().nullable(),
  evaluationId: z.string(),
  regionCode: z.string().nullable(),
  status: EvaluationRow.nullable().describe('as in the list; null while its `evaluation.submitted` is missing or voided'),
  events: z.array(StoredRecordView),
});
export type EvaluationDetail = z.infer<typeof EvaluationDetail>;

// The department record contract (ingest-api.md): one zod schema per record type. These schemas
// validate requests AND generate the OpenAPI document, so the two cannot drift apart.
import { z } from 'zod';
import {
  AGE_BANDS,
  APPLICANT_TYPES,
  ASSISTED,
  CHANNELS,
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  DELIVERY,
  EVALUATION_CHANNELS,
  MATERIAL_VIA,
  OUTCOMES,
  SATISFACTION,
  SUSPEND_REASONS,
} from '../enums.js';
import { personalDataIn } from './pii.js';

export const MAX_RECORDS_PER_BATCH = 500;
export const MAX_BATCH_BYTES = 1024 * 1024;
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Refuses an id or code that is or holds a resident ID or a mobile number (personal data). */
const noPersonalData = (v: string, ctx: z.core.$RefinementCtx<string>) => {
  const found = personalDataIn(v);
  if (found) ctx.addIssue({ code: 'custom', message: found === 'resident_id' ? 'holds_resident_id' : 'holds_mobile', input: v });
};

/**
 * Sender ids (record id, caseId, complaintId, evaluationId, a void's target): 1–128 chars of
 * A-Za-z0-9._:- that neither are nor contain a resident ID or a mobile number (a 20-digit
 * 办件编号 is fine).
 */
export const SenderId = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, { error: 'id_chars' })
  .superRefine(noPersonalData);
/** 材料编码 (catalog and records alike): 1–64 chars of A-Za-z0-9._:-, no personal data. */
export const MaterialCode = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: 'material_code_chars' })
  .superRefine(noPersonalData);
/** 事项编码: opaque, up to 64 chars; letters, digits and . _ : - (real codes use digits, letters and hyphens). */
export const ItemCode = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, { error: 'item_code_chars' });
/** 12-digit 行政区划 code of the handling unit. */
export const RegionCode = z.string().regex(/^\d{12}$/, { error: 'region_code' });
/** The first instant a record may carry: the working-day calendar starts on 2019-01-01 (Asia/Shanghai). */
export const FIRST_RECORD_MS = Date.parse('2019-01-01T00:00:00+08:00');
/** Offsets the instants parser accepts: UTC−14:00 … UTC+14:00. */
export const MAX_OFFSET_MINUTES = 14 * 60;
export const Instant = z.iso.datetime({ offset: true, error: 'instant' }).superRefine((v, ctx) => {
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) return; // the format rule has answered
  const off = /([+-])(\d{2}):(\d{2})$/.exec(v);
  if (off && Number(off[2]) * 60 + Number(off[3]) > MAX_OFFSET_MINUTES) {
    ctx.addIssue({ code: 'custom', message: 'offset_range', input: v });
    return;
  }
  if (ms < FIRST_RECORD_MS) ctx.addIssue({ code: 'custom', message: 'before_calendar', input: v });
});

const common = { id: SenderId, at: Instant };
const caseBase = { ...common, caseId: SenderId };
const complaintBase = { ...common, complaintId: SenderId };
const evaluationBase = { ...common, evaluationId: SenderId };

export const MaterialUse = z.strictObject({
  code: MaterialCode,
  via: z.enum(MATERIAL_VIA),
});

/** An `ageBand` on an enterprise is accepted with a warning and ignored by every figure (ingest-api.md). */
export const Applicant = z.strictObject({
  type: z.enum(APPLICANT_TYPES),
  ageBand: z.enum(AGE_BANDS).optional(),
});

const materials = z
  .array(MaterialUse)
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((m, i) => {
      if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'material_twice' });
      seen.add(m.code);
    });
  });

export const CaseSubmitted = z.strictObject({
  ...caseBase,
  type: z.literal('case.submitted'),
  itemCode: ItemCode,
  regionCode: RegionCode,
  channel: z.enum(CHANNELS),
});
export const CaseAccepted = z.strictObject({
  ...caseBase,
  type: z.literal('case.accepted'),
  itemCode: ItemCode,
  regionCode: RegionCode,
  channel: z.enum(CHANNELS),
  assisted: z.enum(ASSISTED),
  greenChannel: z.boolean(),
  applicant: Applicant,
  materials,
});
export const CaseNotAccepted = z.strictObject({ ...caseBase, type: z.literal('case.not_accepted'), reason: z.string().min(1).max(500) });
export const CaseSuspended = z.strictObject({ ...caseBase, type: z.literal('case.suspended'), reason: z.enum(SUSPEND_REASONS) });
export const CaseResumed = z.strictObject({ ...caseBase, type: z.literal('case.resumed') });
export const CaseExtended = z.strictObject({ ...caseBase, type: z.literal('case.extended'), days: z.int().min(1).max(60) });
export const CaseCompleted = z.strictObject({
  ...caseBase,
  type: z.literal('case.completed'),
  outcome: z.enum(OUTCOMES),
  visits: z.int().min(0).max(99).optional(),
  delivery: z.enum(DELIVERY).optional(),
});
export const CaseWithdrawn = z.strictObject({ ...caseBase, type: z.literal('case.withdrawn') });

export const ComplaintReceived = z.strictObject({
  ...complaintBase,
  type: z.literal('complaint.received'),
  channel: z.enum(COMPLAINT_CHANNELS),
  category: z.enum(COMPLAINT_CATEGORIES),
  regionCode: RegionCode,
  itemCode: ItemCode.optional(),
  caseId: SenderId.optional(),
  summary: z.string().max(2000).optional(),
});
export const ComplaintResponded = z.strictObject({ ...complaintBase, type: z.literal('complaint.responded') });
export const ComplaintResolved = z.strictObject({ ...complaintBase, type: z.literal('complaint.resolved'), substantiated: z.boolean() });
export const ComplaintReopened = z.strictObject({ ...complaintBase, type: z.literal('complaint.reopened') });
export const ComplaintFollowedUp = z.strictObject({
  ...complaintBase,
  type: z.literal('complaint.followed_up'),
  satisfaction: z.enum(SATISFACTION),
});

export const EvaluationSubmitted = z.strictObject({
  ...evaluationBase,
  type: z.literal('evaluation.submitted'),
  itemCode: ItemCode,
  channel: z.enum(EVALUATION_CHANNELS),
  score: z.int().min(1).max(5),
  caseId: SenderId.optional(),
  comment: z.string().max(500).optional(),
});
export const EvaluationCalledBack = z.strictObject({ ...evaluationBase, type: z.literal('evaluation.called_back') });
export const EvaluationRectified = z.strictObject({ ...evaluationBase, type: z.literal('evaluation.rectified') });

export const VoidRecord = z.strictObject({ ...common, type: z.literal('void'), target: SenderId, reason: z.string().min(1).max(500) });

export const RECORD_SCHEMAS = [
  CaseSubmitted,
  CaseAccepted,
  CaseNotAccepted,
  CaseSuspended,
  CaseResumed,
  CaseExtended,
  CaseCompleted,
  CaseWithdrawn,
  ComplaintReceived,
  ComplaintResponded,
  ComplaintResolved,
  ComplaintReopened,
  ComplaintFollowedUp,
  EvaluationSubmitted,
  EvaluationCalledBack,
  EvaluationRectified,
  VoidRecord,
] as const;

export const RecordSchema = z.discriminatedUnion('type', RECORD_SCHEMAS);
export type IngestRecord = z.infer<typeof RecordSchema>;
export type RecordType = IngestRecord['type'];
export const RECORD_TYPES = RECORD_SCHEMAS.map((s) => s.shape.type.value) as RecordType[];

/** Which entity timeline a record belongs to (a void joins its target's timeline). */
export type EntityKind = 'case' | 'complaint' | 'evaluation';
export function entityOf(r: IngestRecord): { kind: EntityKind; id: string } | null {
  if ('complaintId' in r) return { kind: 'complaint', id: r.complaintId };
  if ('evaluationId' in r) return { kind: 'evaluation', id: r.evaluationId };
  if (r.type !== 'void') return { kind: 'case', id: r.caseId };
  return null;
}

/** Free-text fields that are masked for personal data before they are stored. */
export const FREE_TEXT_FIELDS = ['summary', 'comment', 'reason'] as const;

export const EventsEnvelope = z.strictObject({
  records: z.array(z.unknown()).max(MAX_RECORDS_PER_BATCH),
});

export const RecordResultSchema = z.object({
  id: z.string().nullable().describe('the record id as sent (null when it had none)'),
  status: z.enum(['accepted', 'duplicate', 'conflict', 'rejected', 'forbidden']),
  errors: z
    .array(
      z.object({
        path: z.string().describe('field path, e.g. materials[2].code'),
        code: z.string().describe('stable machine-readable rule name'),
        message: z.string().describe('English message'),
        messageZh: z.string().describe('中文说明'),
      }),
    )
    .optional(),
  warnings: z.array(z.object({ path: z.string(), code: z.string(), message: z.string(), messageZh: z.string() })).optional(),
});
export type RecordResult = z.infer<typeof RecordResultSchema>;

// Labels of the domain's enumerations (渠道, 层级, 投诉类别, 免提交方式 …) as message keys: a
// Record over each enum, so a value added to the contract does not compile until it has a label.
import type {
  AGE_BANDS,
  ASSISTED,
  CHANNELS,
  COMPLAINT_CATEGORIES,
  EXEMPTIONS,
  LEVELS,
  MATERIAL_KINDS,
  SUSPEND_REASONS,
  OUTCOMES,
  SATISFACTION,
} from '../../../shared/enums';
import type { RecordType } from '../../../shared/contract/records';
import type { MessageKey } from './messages';

type Of<T extends readonly string[]> = T[number];

export const CHANNEL_LABEL: Record<Of<typeof CHANNELS>, MessageKey> = {
  window: 'channel.window',
  online: 'channel.online',
  mobile: 'channel.mobile',
  self_service: 'channel.self_service',
  mail: 'channel.mail',
  home_visit: 'channel.home_visit',
};
export const LEVEL_LABEL: Record<Of<typeof LEVELS>, MessageKey> = {
  city: 'level.city',
  county: 'level.county',
  town: 'level.town',
  street: 'level.street',
  village: 'level.village',
  community: 'level.community',
};
export const CATEGORY_LABEL: Record<Of<typeof COMPLAINT_CATEGORIES>, MessageKey> = {
  delay: 'category.delay',
  unnecessary_proof: 'category.unnecessary_proof',
  attitude: 'category.attitude',
  process: 'category.process',
  system: 'category.system',
  other: 'category.other',
};
export const EXEMPTION_LABEL: Record<Of<typeof EXEMPTIONS>, MessageKey> = {
  none: 'exemption.none',
  e_license: 'exemption.e_license',
  data_sharing: 'exemption.data_sharing',
  commitment: 'exemption.commitment',
  cancelled: 'exemption.cancelled',
};
export const MATERIAL_KIND_LABEL: Record<Of<typeof MATERIAL_KINDS>, MessageKey> = {
  certificate: 'materialKind.certificate',
  proof: 'materialKind.proof',
  form: 'materialKind.form',
  other: 'materialKind.other',
};
export const SUSPEND_REASON_LABEL: Record<Of<typeof SUSPEND_REASONS>, MessageKey> = {
  supplement: 'suspend.supplement',
  hearing: 'suspend.hearing',
  inspection: 'suspend.inspection',
  expert_review: 'suspend.expert_review',
  public_notice: 'suspend.public_notice',
  other: 'suspend.other',
};
export const AGE_BAND_LABEL: Record<Of<typeof AGE_BANDS>, MessageKey> = {
  under_60: 'ageBand.under_60',
  '60_69': 'ageBand.60_69',
  '70_79': 'ageBand.70_79',
  '80_plus': 'ageBand.80_plus',
};
export const ASSISTED_LABEL: Record<Of<typeof ASSISTED>, MessageKey> = {
  none: 'assisted.none',
  guided: 'assisted.guided',
  proxy: 'assisted.proxy',
};
export const OUTCOME_LABEL: Record<Of<typeof OUTCOMES>, MessageKey> = { approved: 'outcome.approved', denied: 'outcome.denied' };
export const CASE_STATUS_LABEL: Record<
  'not_accepted' | 'submitted' | 'open' | 'suspended' | 'completed' | 'withdrawn' | 'cannot_judge',
  MessageKey
> = {
  not_accepted: 'caseStatus.not_accepted',
  submitted: 'caseStatus.submitted',
  open: 'caseStatus.open',
  suspended: 'caseStatus.suspended',
  completed: 'caseStatus.completed',
  withdrawn: 'caseStatus.withdrawn',
  cannot_judge: 'caseStatus.cannot_judge',
};
export const RECORD_TYPE_LABEL: Record<RecordType, MessageKey> = {
  'case.submitted': 'event.case.submitted',
  'case.accepted': 'event.case.accepted',
  'case.not_accepted': 'event.case.not_accepted',
  'case.suspended': 'event.case.suspended',
  'case.resumed': 'event.case.resumed',
  'case.extended': 'event.case.extended',
  'case.completed': 'event.case.completed',
  'case.withdrawn': 'event.case.withdrawn',
  'complaint.received': 'event.complaint.received',
  'complaint.responded': 'event.complaint.responded',
  'complaint.resolved': 'event.complaint.resolved',
  'complaint.reopened': 'event.complaint.reopened',
  'complaint.followed_up': 'event.complaint.followed_up',
  'evaluation.submitted': 'event.evaluation.submitted',
  'evaluation.called_back': 'event.evaluation.called_back',
  'evaluation.rectified': 'event.evaluation.rectified',
  void: 'event.void',
};
export const SATISFACTION_LABEL: Record<Of<typeof SATISFACTION>, MessageKey> = {
  satisfied: 'satisfaction.satisfied',
  basically_satisfied: 'satisfaction.basically_satisfied',
  unsatisfied: 'satisfaction.unsatisfied',
};
export const WARNING_LABEL: Record<'red' | 'yellow' | 'none', MessageKey> = {
  red: 'warning.red',
  yellow: 'warning.yellow',
  none: 'warning.none',
};

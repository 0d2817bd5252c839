// Labels of the domain's enumerations (渠道, 层级, 免提交方式, 年龄段 …) in Chinese and English: one
// {zh, en} table per enumeration, a Record over its values, so a value added to the contract does
// not compile until it has both labels. The dashboard's dictionaries take their `<prefix>.<value>`
// messages from here (messagesOf), and the monthly report's tables (shared/reports/tables.ts) take
// the complaint categories.
import type {
  AGE_BANDS,
  ASSISTED,
  CHANNELS,
  COMPLAINT_CATEGORIES,
  EXEMPTIONS,
  LEVELS,
  MATERIAL_KINDS,
  OUTCOMES,
  SATISFACTION,
  SUSPEND_REASONS,
} from './enums.js';

export interface Label {
  readonly zh: string;
  readonly en: string;
}
type Labels<E extends readonly string[]> = { readonly [K in E[number]]: Label };

/** 办理渠道 channels */
export const CHANNEL_LABELS = {
  window: { zh: '窗口', en: 'Window' },
  online: { zh: '网上', en: 'Online' },
  mobile: { zh: '移动端', en: 'Mobile' },
  self_service: { zh: '自助终端', en: 'Self-service kiosk' },
  mail: { zh: '邮寄', en: 'Mail' },
  home_visit: { zh: '上门', en: 'Home visit' },
} as const satisfies Labels<typeof CHANNELS>;

/** 办理层级 handling levels */
export const LEVEL_LABELS = {
  city: { zh: '市级', en: 'City' },
  county: { zh: '县（区）级', en: 'District / county' },
  town: { zh: '镇级', en: 'Town' },
  street: { zh: '街道', en: 'Street' },
  village: { zh: '村级', en: 'Village' },
  community: { zh: '社区', en: 'Community' },
} as const satisfies Labels<typeof LEVELS>;

/** 投诉类别 complaint categories */
export const COMPLAINT_CATEGORY_LABELS = {
  delay: { zh: '办理拖延', en: 'Delay' },
  unnecessary_proof: { zh: '要求提供不必要证明', en: 'Asked for an unnecessary proof' },
  attitude: { zh: '服务态度', en: 'Staff attitude' },
  process: { zh: '流程繁琐', en: 'Cumbersome process' },
  system: { zh: '系统故障', en: 'System failure' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Labels<typeof COMPLAINT_CATEGORIES>;

/** 免提交方式 exemption methods */
export const EXEMPTION_LABELS = {
  none: { zh: '无（须提交）', en: 'None (must be provided)' },
  e_license: { zh: '电子证照', en: 'E-licence' },
  data_sharing: { zh: '数据共享', en: 'Data sharing' },
  commitment: { zh: '告知承诺', en: 'Written commitment' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
} as const satisfies Labels<typeof EXEMPTIONS>;

/** 材料类型 material kinds */
export const MATERIAL_KIND_LABELS = {
  certificate: { zh: '证照', en: 'Certificate' },
  proof: { zh: '证明', en: 'Proof' },
  form: { zh: '表单', en: 'Form' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Labels<typeof MATERIAL_KINDS>;

/** 暂停计时事由 suspension reasons */
export const SUSPEND_REASON_LABELS = {
  supplement: { zh: '补正材料', en: 'Supplementing materials' },
  hearing: { zh: '听证', en: 'Hearing' },
  inspection: { zh: '检验检测', en: 'Inspection / testing' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  public_notice: { zh: '公示', en: 'Public notice' },
  other: { zh: '其他', en: 'Other' },
} as const satisfies Labels<typeof SUSPEND_REASONS>;

/** 办理结果 outcomes */
export const OUTCOME_LABELS = {
  approved: { zh: '准予', en: 'Approved' },
  denied: { zh: '不予', en: 'Denied' },
} as const satisfies Labels<typeof OUTCOMES>;

/** 年龄段 age bands */
export const AGE_BAND_LABELS = {
  under_60: { zh: '60 岁以下', en: 'Under 60' },
  '60_69': { zh: '60–69 岁', en: '60–69' },
  '70_79': { zh: '70–79 岁', en: '70–79' },
  '80_plus': { zh: '80 岁及以上', en: '80 and over' },
} as const satisfies Labels<typeof AGE_BANDS>;

/** 帮办代办 assisted modes */
export const ASSISTED_LABELS = {
  none: { zh: '自行办理', en: 'On their own' },
  guided: { zh: '帮办', en: 'Guided' },
  proxy: { zh: '代办', en: 'By proxy' },
} as const satisfies Labels<typeof ASSISTED>;

/** 回访满意度 follow-up satisfaction */
export const SATISFACTION_LABELS = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
} as const satisfies Labels<typeof SATISFACTION>;

/** One table's messages in one language, keyed `<prefix>.<value>` as the dashboard's dictionaries key them. */
export function messagesOf<P extends string, T extends Record<string, Label>, L extends keyof Label>(
  prefix: P,
  table: T,
  lang: L,
): { [K in keyof T & string as `${P}.${K}`]: T[K][L] } {
  return Object.fromEntries(Object.entries(table).map(([value, label]) => [`${prefix}.${value}`, label[lang]])) as {
    [K in keyof T & string as `${P}.${K}`]: T[K][L];
  };
}

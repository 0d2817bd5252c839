// Enumerations of the department contract (ingest-api.md). Once released, a value keeps its meaning:
// add values, never rename or remove them.

export const CHANNELS = ['window', 'online', 'mobile', 'self_service', 'mail', 'home_visit'] as const; // 办理渠道
export const ASSISTED = ['none', 'guided', 'proxy'] as const; // 帮办代办: 无 / 帮办 / 代办
export const APPLICANT_TYPES = ['person', 'enterprise'] as const; // 自然人 / 法人
export const AGE_BANDS = ['under_60', '60_69', '70_79', '80_plus'] as const; // 年龄段
export const MATERIAL_VIA = ['paper', 'upload', 'e_license', 'data_sharing', 'commitment'] as const; // 材料提供方式
export const EXEMPT_VIA = ['e_license', 'data_sharing', 'commitment'] as const; // 免提交方式 (电子证照, 数据共享, 告知承诺)
export const SUSPEND_REASONS = ['supplement', 'hearing', 'inspection', 'expert_review', 'public_notice', 'other'] as const; // 暂停计时事由
export const OUTCOMES = ['approved', 'denied'] as const; // 准予 / 不予
export const DELIVERY = ['window', 'mail', 'electronic'] as const; // 送达方式
export const COMPLAINT_CHANNELS = ['hotline_12345', 'window', 'online', 'supervision_window', 'letter', 'other'] as const;
export const COMPLAINT_CATEGORIES = ['delay', 'unnecessary_proof', 'attitude', 'process', 'system', 'other'] as const; // 投诉类别
export const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const; // 回访满意度
export const EVALUATION_CHANNELS = ['window', 'online', 'mobile', 'self_service', 'sms', 'phone'] as const; // 评价渠道

export const ITEM_KINDS = [
  'administrative_license', // 行政许可
  'public_service', // 公共服务
  'administrative_confirmation', // 行政确认
  'administrative_payment', // 行政给付
  'other',
] as const;
export const LEVELS = ['city', 'county', 'town', 'street', 'village', 'community'] as const; // 市/县/镇/街道/村/社区
export const MATERIAL_KINDS = ['certificate', 'proof', 'form', 'other'] as const; // 证照 / 证明 / 表单 / 其他
export const EXEMPTIONS = ['none', 'e_license', 'data_sharing', 'commitment', 'cancelled'] as const; // 免提交方式

export type Channel = (typeof CHANNELS)[number];
export type Level = (typeof LEVELS)[number];
export type MaterialVia = (typeof MATERIAL_VIA)[number];
export type MaterialKind = (typeof MATERIAL_KINDS)[number];
export type Exemption = (typeof EXEMPTIONS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];

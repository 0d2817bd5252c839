// What "cannot be judged" (无法判定) means for each reason, and what the department does about
// it — shown in the data-quality list, the API's answers and the department's own view.
import type { EntityProblemCode } from '../figures/contribution.js';

export interface ProblemText {
  en: string;
  zh: string;
  actionEn: string;
  actionZh: string;
}

export const PROBLEM_TEXT: Record<EntityProblemCode, ProblemText> = {
  no_start_event: {
    en: 'no acceptance, submission, refusal or withdrawal is dated before its other records',
    zh: '没有早于其他记录的受理、申请、不予受理或撤回记录',
    actionEn: 'send the missing acceptance, or void records dated wrongly',
    actionZh: '补发缺失的受理记录，或作废日期有误的记录',
  },
  ended_before_acceptance: {
    en: 'a completion or withdrawal is dated before the acceptance',
    zh: '办结或撤回时间早于受理时间',
    actionEn: 'void whichever of the two records is wrong and send it again with the right time',
    actionZh: '作废两条记录中有误的一条，并以正确时间重新发送',
  },
  event_before_acceptance: {
    en: 'a suspension, resumption or extension is dated before the acceptance',
    zh: '暂停、恢复或延长时间早于受理时间',
    actionEn: 'void whichever record is wrong and send it again with the right time',
    actionZh: '作废有误的记录，并以正确时间重新发送',
  },
  resumed_without_suspension: {
    en: 'a resumption has no suspension before it, so the suspended days are unknown',
    zh: '恢复计时之前没有对应的暂停记录，无法计算暂停天数',
    actionEn: 'send the missing suspension, or void the resumption if it was sent by mistake',
    actionZh: '补发缺失的暂停记录；如恢复记录系误发，请作废',
  },
  invalid_extension: {
    en: 'an extension has no whole number of days',
    zh: '延长记录没有有效的天数',
    actionEn: 'void the extension and send it again with its days',
    actionZh: '作废该延长记录，并带天数重新发送',
  },
  unknown_item: {
    en: "its item is not in the department's catalog for the acceptance date",
    zh: '受理当日本部门目录中没有该事项',
    actionEn: 'publish the item in the catalog (PUT /v1/catalog/items/{code}) with an effective date on or before the acceptance',
    actionZh: '在事项目录中发布该事项（生效日期不晚于受理日）',
  },
  too_many_records: {
    en: 'it holds more records than one case can be counted with',
    zh: '记录数量超过单个办件可统计的上限',
    actionEn: 'ask the administrator: the sending system may be repeating records',
    actionZh: '请联系管理员：发送系统可能在重复发送',
  },
  internal_error: {
    en: 'counting it failed unexpectedly; its figures are kept as they were',
    zh: '统计时出现意外错误，其指标暂保持原值',
    actionEn: 'nothing to do on your side; the administrator sees the error, and it is retried with the next record or recompute',
    actionZh: '无需处理；管理员可见该错误，收到新记录或重算时会自动重试',
  },
};

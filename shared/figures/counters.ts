// The counters a rollup row holds (汇总计数器). One registry, so a new counter has one name and
// one meaning. Figures (figures.ts) are computed from sums of these counters only.

export const C = {
  // cases, on the acceptance day (受理)
  accepted: 'acc',
  acceptedKnownItem: 'accK', // accepted cases whose item version is known
  online: 'onl', // channel online or mobile (网办)
  nearby: 'nby', // handled at town, street, village or community level (就近办)
  ageBanded: 'age', // person applicants with an age band
  elderly: 'eld', // … aged 60+ (老年人)
  elderlyAssisted: 'eldA', // … of them assisted proxy or guided (帮办代办)
  matRequired: 'mReq',
  matExemptELicense: 'mEL', // 电子证照
  matExemptDataSharing: 'mDS', // 数据共享
  matExemptCommitment: 'mCM', // 告知承诺
  matPaper: 'mPap',
  matUpload: 'mUpl',
  certificateFree: 'cfc', // 免证办件 (item known)
  cannotJudge: 'cj', // accepted cases whose clock cannot be judged (无法判定: contradictory records)
  // cases, on the completion day (办结)
  completed: 'cmp',
  completedKnownItem: 'cmpK', // completed cases that can be judged (item known)
  onTime: 'ont',
  immediate: 'imm', // completed cases whose item is immediate (即办件)
  processingMs: 'ptMs', // Σ processing time in working milliseconds (exact mean)
  processingN: 'ptN',
  visitsReported: 'vis',
  zeroVisits: 'v0',
  atMostOneVisit: 'v1',
  withdrawn: 'wdr', // on the withdrawal day
  overdueDelta: 'od', // +1 the day a case becomes open-and-overdue, −1 the day it stops
  // complaints, on the day received (投诉)
  complaints: 'cRcv',
  followedUp: 'cFu',
  followUpSatisfied: 'cFuS',
  substantiated: 'cSub',
  // evaluations, on the day submitted (好差评)
  evaluations: 'eN',
  badReviews: 'eBad',
  satisfied: 'eSat',
  calledBack: 'eCb',
  evaluationsRegionUnknown: 'eNoR', // naming no case, or one not known when counted (地区未知)
  rectifyPending: 'eRctP',
} as const;

/** Per complaint category: received, and the deadline index of the response/resolution (see deadlineIndex). */
export const complaintCounter = {
  received: (cat: string) => `cR_${cat}`,
  responded: (cat: string, k: number) => `cRsp_${cat}_${k}`,
  respondPending: (cat: string) => `cRspP_${cat}`,
  resolved: (cat: string, k: number) => `cRsl_${cat}_${k}`,
  resolvePending: (cat: string) => `cRslP_${cat}`,
};
/**
 * Applicants on the acceptance day: by age band (person applicants with one; `abA_` those
 * assisted, proxy or guided) and by assisted mode (every case; `asE_` the elderly among them).
 */
export const applicantCounter = {
  band: (band: string) => `ab_${band}`,
  bandAssisted: (band: string) => `abA_${band}`,
  assisted: (mode: string) => `as_${mode}`,
  assistedElderly: (mode: string) => `asE_${mode}`,
};
/** Counters added in rules version 4 (legacy.ts removes them from what version 1 wrote). */
export const isRulesV5Counter = (k: string) => /^(ab_|abA_|as_|asE_)/.test(k) || k === C.evaluationsRegionUnknown;
export const rectifiedCounter = (k: number) => `eRct_${k}`;

/** Deadline indices above this are stored as this (far too late for any configured limit). */
export const MAX_DEADLINE_INDEX = 99;

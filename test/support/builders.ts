// Builders of valid records and catalog items; tests change only what they are about.
export const REGION = '370303001000'; // 张店区 车站街道

export function item(departmentCode: string, over: Record<string, unknown> = {}) {
  return {
    itemCode: 'ITEM-001',
    name: '适龄儿童、少年因身体状况需要延缓入学或者休学审批',
    departmentCode,
    kind: 'administrative_license',
    statutoryDays: 20,
    promisedDays: 5,
    levels: ['city', 'county'],
    materials: [
      { code: 'M01', name: '居民身份证', kind: 'certificate', exemption: 'e_license' },
      { code: 'M02', name: '医院诊断证明', kind: 'proof', exemption: 'none' },
      { code: 'M03', name: '申请表', kind: 'form', exemption: 'none' },
    ],
    effectiveFrom: '2024-01-01',
    ...over,
  };
}

const base = (id: string, type: string, at = '2024-03-01T09:30:00+08:00') => ({ id, type, at });

export const rec = {
  submitted: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.submitted'),
    caseId,
    itemCode: 'ITEM-001',
    regionCode: REGION,
    channel: 'online',
    ...over,
  }),
  accepted: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.accepted'),
    caseId,
    itemCode: 'ITEM-001',
    regionCode: REGION,
    channel: 'window',
    assisted: 'proxy',
    greenChannel: false,
    applicant: { type: 'person', ageBand: '70_79' },
    materials: [
      { code: 'M01', via: 'e_license' },
      { code: 'M02', via: 'paper' },
      { code: 'M03', via: 'upload' },
    ],
    ...over,
  }),
  notAccepted: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.not_accepted'),
    caseId,
    reason: '材料不齐',
    ...over,
  }),
  suspended: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.suspended', '2024-03-04T09:00:00+08:00'),
    caseId,
    reason: 'supplement',
    ...over,
  }),
  resumed: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.resumed', '2024-03-05T09:00:00+08:00'),
    caseId,
    ...over,
  }),
  extended: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.extended', '2024-03-05T10:00:00+08:00'),
    caseId,
    days: 5,
    ...over,
  }),
  completed: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'case.completed', '2024-03-06T16:00:00+08:00'),
    caseId,
    outcome: 'approved',
    visits: 1,
    delivery: 'electronic',
    ...over,
  }),
  withdrawn: (id: string, caseId: string, over: Record<string, unknown> = {}) => ({ ...base(id, 'case.withdrawn'), caseId, ...over }),
  complaint: (id: string, complaintId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'complaint.received'),
    complaintId,
    channel: 'hotline_12345',
    category: 'unnecessary_proof',
    regionCode: REGION,
    ...over,
  }),
  responded: (id: string, complaintId: string) => ({ ...base(id, 'complaint.responded', '2024-03-01T15:00:00+08:00'), complaintId }),
  resolved: (id: string, complaintId: string) => ({
    ...base(id, 'complaint.resolved', '2024-03-04T15:00:00+08:00'),
    complaintId,
    substantiated: true,
  }),
  reopened: (id: string, complaintId: string) => ({ ...base(id, 'complaint.reopened', '2024-03-05T15:00:00+08:00'), complaintId }),
  followedUp: (id: string, complaintId: string) => ({
    ...base(id, 'complaint.followed_up', '2024-03-06T15:00:00+08:00'),
    complaintId,
    satisfaction: 'basically_satisfied',
  }),
  evaluation: (id: string, evaluationId: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'evaluation.submitted'),
    evaluationId,
    itemCode: 'ITEM-001',
    channel: 'sms',
    score: 2,
    ...over,
  }),
  calledBack: (id: string, evaluationId: string) => ({ ...base(id, 'evaluation.called_back', '2024-03-02T10:00:00+08:00'), evaluationId }),
  rectified: (id: string, evaluationId: string) => ({ ...base(id, 'evaluation.rectified', '2024-03-08T10:00:00+08:00'), evaluationId }),
  void: (id: string, target: string, over: Record<string, unknown> = {}) => ({
    ...base(id, 'void', '2024-03-07T10:00:00+08:00'),
    target,
    reason: '录入错误',
    ...over,
  }),
};

// Every DynamoDB key value of the project is built here (one place for the key schema).
// pk/sk name the item; gsi1pk/gsi1sk place it in a list (index byEntity).

/** Partition-key prefixes the stream decoder tells apart (stream-change.ts); the builders below use them. */
export const KEY_PREFIX = { record: 'REC#', itemVersion: 'ITEM#', settings: 'SETTINGS' } as const;

export const keys = {
  department: (code: string) => ({ pk: `DEPT#${code}`, sk: 'META', gsi1pk: 'DEPTS', gsi1sk: code }),
  departmentList: () => ({ gsi1pk: 'DEPTS' }),

  apiKey: (hash: string, departmentCode: string, keyId: string) => ({
    pk: `APIKEY#${hash}`,
    sk: 'KEY',
    gsi1pk: `KEYS#${departmentCode}`,
    gsi1sk: keyId,
  }),
  apiKeyByHash: (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'KEY' }),
  apiKeysOfDepartment: (departmentCode: string) => ({ gsi1pk: `KEYS#${departmentCode}` }),

  user: (username: string) => ({ pk: `USER#${username}`, sk: 'META', gsi1pk: 'USERS', gsi1sk: username }),
  userList: () => ({ gsi1pk: 'USERS' }),
  session: (hash: string) => ({ pk: `SESSION#${hash}`, sk: 'S' }),

  audit: (isoTime: string, nonce: string) => ({ pk: `AUDIT#${isoTime.slice(0, 7)}`, sk: `${isoTime}#${nonce}` }),
  auditMonth: (month: string) => ({ pk: `AUDIT#${month}` }),

  /** A catalog item version: one item per (itemCode, effectiveFrom). */
  itemVersion: (itemCode: string, effectiveFrom: string, departmentCode: string) => ({
    pk: `${KEY_PREFIX.itemVersion}${itemCode}`,
    sk: `V#${effectiveFrom}`,
    gsi1pk: `ITEMS#${departmentCode}`,
    gsi1sk: `${itemCode}#${effectiveFrom}`,
  }),
  itemVersions: (itemCode: string) => ({ pk: `${KEY_PREFIX.itemVersion}${itemCode}`, skPrefix: 'V#' }),
  itemsOfDepartment: (departmentCode: string) => ({ gsi1pk: `ITEMS#${departmentCode}` }),

  /** An e-licence type (电子证照类型) of the administrator's e-licence catalog: one small partition. */
  licenceType: (code: string) => ({ pk: 'LICTYPES', sk: code }),
  licenceTypes: () => ({ pk: 'LICTYPES' }),

  /** A stored record: its key is the sender's id, so a conditional put is the idempotency check. */
  record: (departmentCode: string, id: string) => ({ pk: `${KEY_PREFIX.record}${departmentCode}#${id}`, sk: 'R' }),
  /** The timeline a record joins: events of one case (or complaint, evaluation) in order of `at`. */
  entityTimeline: (departmentCode: string, kind: string, entityId: string) => `${kind.toUpperCase()}#${departmentCode}#${entityId}`,
  timelineSort: (atMs: number, id: string) => `${String(atMs).padStart(15, '0')}#${id}`,

  /** Per department and Shanghai day: counts of what the feed sent (数据接入). */
  feedDay: (departmentCode: string, day: string) => ({ pk: `FEED#${departmentCode}`, sk: `DAY#${day}` }),
  feed: (departmentCode: string) => ({ pk: `FEED#${departmentCode}` }),

  settings: (name: string) => ({ pk: KEY_PREFIX.settings, sk: name }),

  /** The aggregator's state of one case (complaint, evaluation): its records and what it counted with. */
  entityState: (dept: string, kind: string, entityId: string) => ({ pk: `ENT#${dept}#${kind}#${entityId}`, sk: 'S' }),
  /**
   * Open cases by deadline (for warnings, 红黄牌), oldest deadline first, one partition per
   * department and county (index openCases: no single key for the whole city). `county` is the
   * case's county code (6 digits) or `other` (functions/store/open-case-partitions.ts).
   */
  openCase: (dept: string, county: string, deadline: string, caseId: string) => ({
    gsi3pk: `OPEN#${dept}#${county}`,
    gsi3sk: `${deadline}#${dept}#${caseId}`,
  }),
  openCasePartition: (dept: string, county: string) => ({ gsi3pk: `OPEN#${dept}#${county}` }),
  /** Where releases before the per-department index listed every open case (index byEntity): read once to move them. */
  legacyOpenCases: () => ({ gsi1pk: 'OPEN' }),
  /** Entities that cannot be judged (无法判定), per department: the data-quality list. */
  entityProblem: (dept: string, kind: string, entityId: string) => ({ gsi1pk: `PROBLEMS#${dept}`, gsi1sk: `${kind}#${entityId}` }),
  entityProblems: (dept: string) => ({ gsi1pk: `PROBLEMS#${dept}` }),
  /** A rollup delta too large for one transaction, applied in chunks (listed to finish after a crash). */
  pendingDelta: (entityKey: string) => ({ pk: `PENDING#${entityKey}`, sk: 'P', gsi1pk: 'PENDING', gsi1sk: entityKey }),
  pendingDeltas: () => ({ gsi1pk: 'PENDING' }),
  /**
   * The outbox (待合并增量): an entity's rollup delta, written in the transaction that writes its
   * new state, one item per (entity, state version), in one of OUTBOX_SHARDS partitions chosen by
   * a hash of the entity, so that no partition key takes every record. The merger sums them.
   */
  outboxDelta: (shard: number, entityKey: string, version: number, part = 0) => ({
    pk: `OUTBOX#${shard}`,
    sk: `${entityKey}#${String(version).padStart(10, '0')}#${part}`,
  }),
  outboxShard: (shard: number) => ({ pk: `OUTBOX#${shard}` }),
  /** Summed deltas the merger has taken out of the outbox and not yet added to the rows (≤ 99 rows each). */
  mergeChunk: (shard: number, claimId: string, index: number) => ({
    pk: `MERGE#${shard}`,
    sk: `${claimId}#${String(index).padStart(3, '0')}`,
  }),
  mergeChunks: (shard: number) => ({ pk: `MERGE#${shard}` }),
  /**
   * A chunk of a sequenced claim (顺序合并): the `seq`-th chunk claimed in its outbox partition.
   * Sorts after the claim-id chunks of older releases (those start with a date).
   */
  mergeChunkSeq: (shard: number, seq: number) => ({ pk: `MERGE#${shard}`, sk: `Q#${String(seq).padStart(12, '0')}` }),
  /** How far the sequenced claims of one outbox partition are claimed and applied (one small item). */
  mergeSeq: (shard: number) => ({ pk: `MERGE#SEQ#${shard}`, sk: 'S' }),
  /** Background jobs (重算任务): a full recompute, or the cases of one changed item. */
  job: (name: string) => ({ pk: 'JOB', sk: name }),
  jobs: () => ({ pk: 'JOB' }),
  /** The counting pipeline's status (last success, how far counted, since when behind). */
  pipelineStatus: () => ({ pk: 'PIPELINE#STATUS', sk: 'S' }),
  /** Errors of the counting pipeline, one item each, kept an hour (TTL). */
  pipelineError: (isoTime: string, nonce: string) => ({ pk: 'PIPELINE#ERRORS', sk: `${isoTime}#${nonce}` }),
  pipelineErrors: () => ({ pk: 'PIPELINE#ERRORS' }),
  /** Record keys of a stream batch that kept failing, to count again (npm run redrive). */
  redrive: (isoTime: string, nonce: string) => ({ pk: 'REDRIVE', sk: `${isoTime}#${nonce}` }),
  redriveList: () => ({ pk: 'REDRIVE' }),
  /** Cases by item and acceptance day, to recompute when the item's catalog version changes (index casesByItem). */
  caseByItem: (itemCode: string, acceptedDay: string, dept: string, caseId: string) => ({
    gsi4pk: `CASEITEM#${itemCode}`,
    gsi4sk: `${acceptedDay}#${dept}#${caseId}`,
  }),
  casesByItem: (itemCode: string) => ({ gsi4pk: `CASEITEM#${itemCode}` }),
  /** Where releases before index casesByItem listed them (index byItem, the same values): read until rewritten. */
  legacyCasesByItem: (itemCode: string) => ({ gsi2pk: `CASEITEM#${itemCode}` }),
  /**
   * An evaluation record naming a case (same index, another partition): the evaluations to count
   * again in that case's region when its acceptance arrives or changes (docs/decisions.md).
   */
  evaluationNamingCase: (dept: string, caseId: string, evaluationId: string) => ({
    gsi2pk: `EVALCASE#${dept}#${caseId}`,
    gsi2sk: evaluationId,
  }),
  evaluationsNamingCase: (dept: string, caseId: string) => ({ gsi2pk: `EVALCASE#${dept}#${caseId}` }),
  /**
   * Complaints (evaluations) by the month and day they were received (submitted): the work lists
   * (投诉/评价明细), read newest first one month partition at a time.
   */
  feedbackListed: (kind: 'complaint' | 'evaluation', day: string, dept: string, id: string) => ({
    gsi1pk: `LIST#${kind}#${day.slice(0, 7)}`,
    gsi1sk: `${day}#${dept}#${id}`,
  }),
  feedbackMonth: (kind: 'complaint' | 'evaluation', month: string) => ({ gsi1pk: `LIST#${kind}#${month}` }),

  /**
   * A rollup row from its domain key (shared/figures/rollup-key.ts): `R|grain=value|period` →
   * pk R#grain=value, sk period; `P|grain=value|period|item` → pk P#grain=value,
   * sk period#item, a counter per material (so one query reads a range of days or months).
   */
  rollup: (key: string) => {
    const [family, gv, ...rest] = key.split('|');
    return { pk: `${family}#${gv}`, sk: rest.join('#') };
  },
  rollupPartition: (family: 'R' | 'P', grain: string, value: string) => ({ pk: `${family}#${grain}=${value}` }),

  /**
   * Monthly reports (月度报告): one partition per (month, scope). HEAD is the small list entry
   * (current version and history; in the REPORTS list by month then scope); V#<version> holds a
   * version's document, never overwritten; V#<version>#C#<n> its further chunks when large.
   */
  reportHead: (month: string, scope: string) => ({
    pk: `REPORT#${month}#${scope}`,
    sk: 'HEAD',
    gsi1pk: 'REPORTS',
    gsi1sk: `${month}#${scope}`,
  }),
  reportVersion: (month: string, scope: string, version: number) => ({
    pk: `REPORT#${month}#${scope}`,
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  reportChunk: (month: string, scope: string, version: number, chunk: number) => ({
    pk: `REPORT#${month}#${scope}`,
    sk: `V#${String(version).padStart(6, '0')}#C#${String(chunk).padStart(3, '0')}`,
  }),
  reportList: () => ({ gsi1pk: 'REPORTS' }),

  /**
   * Alerts (预警与订阅). Rules and channels: one small partition each. A rule's memory per subject
   * (the cards it last reported for a department, a count) under ALERT#STATE. A notice is keyed by
   * a hash of its dedupe key, so the conditional put that stores it is the "send once" check; it
   * is listed city-wide by time (byEntity) and per department (byItem). Read marks per recipient.
   * A delivery (notice × channel) is listed while pending by its next attempt (byEntity) and in
   * the delivery log by creation time (byItem).
   */
  alertRule: (id: string) => ({ pk: 'ALERT#RULE', sk: id }),
  alertRules: () => ({ pk: 'ALERT#RULE' }),
  alertChannel: (id: string) => ({ pk: 'ALERT#CHANNEL', sk: id }),
  alertChannels: () => ({ pk: 'ALERT#CHANNEL' }),
  alertState: (key: string) => ({ pk: 'ALERT#STATE', sk: key }),
  alertStates: () => ({ pk: 'ALERT#STATE' }),
  /**
   * The aggregator's mark that a department's figures changed (脏标记): the alerts run evaluates
   * the change-driven rules for the marked departments only, then clears each mark it saw.
   */
  alertDirty: (department: string) => ({ pk: 'ALERT#DIRTY', sk: department }),
  alertDirtyAll: () => ({ pk: 'ALERT#DIRTY' }),
  notice: (id: string, createdAt: string, department: string | null) => ({
    pk: `NOTICE#${id}`,
    sk: 'N',
    gsi1pk: 'NOTICES',
    gsi1sk: `${createdAt}#${id}`,
    ...(department ? { gsi2pk: `NOTICES#${department}`, gsi2sk: `${createdAt}#${id}` } : {}),
  }),
  noticeById: (id: string) => ({ pk: `NOTICE#${id}`, sk: 'N' }),
  noticeList: () => ({ gsi1pk: 'NOTICES' }),
  noticesOfDepartment: (department: string) => ({ gsi2pk: `NOTICES#${department}` }),
  noticeRead: (recipient: string, noticeId: string) => ({ pk: `NOTICEREAD#${recipient}`, sk: noticeId }),
  noticeReads: (recipient: string) => ({ pk: `NOTICEREAD#${recipient}` }),
  delivery: (id: string) => ({ pk: `DELIVERY#${id}`, sk: 'D' }),
  deliveryPending: (nextAttemptAt: string, id: string) => ({ gsi1pk: 'DELIVERIES#PENDING', gsi1sk: `${nextAttemptAt}#${id}` }),
  deliveriesPending: () => ({ gsi1pk: 'DELIVERIES#PENDING' }),
  deliveryLog: (createdAt: string, id: string) => ({ gsi2pk: 'DELIVERIES', gsi2sk: `${createdAt}#${id}` }),
  deliveryLogList: () => ({ gsi2pk: 'DELIVERIES' }),
};

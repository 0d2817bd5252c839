// Alert evaluation and the webhook formats, pure: what each rule kind would send given the facts
// (new cards only, yellow turning red, a region rule, one notice per silence, a count that rose,
// a report once per version), dedupe keys that depend only on rule, subject and period, the robot
// message shapes, and secrets that open only with the key material that sealed them.
import { describe, expect, it } from 'vitest';
import { closedMonthBefore, evaluateRule, type AlertFacts, type CardFact } from '../../shared/alerts/evaluate.js';
import type { AlertRule } from '../../shared/contract/alerts.js';
import { createSecretBox } from '../../functions/adapters/secret-box.js';
import { buildWebhookRequest, dingtalkSign, maskUrl } from '../../functions/adapters/webhooks.js';
import type { StoredNotice } from '../../functions/store/alerts-store.js';

const rule = (over: Partial<AlertRule>): AlertRule => ({
  id: 'r1',
  kind: 'warning_cards',
  name: 'x',
  scope: { kind: 'city' },
  params: {},
  enabled: true,
  channelIds: [],
  createdAt: '',
  updatedAt: '',
  ...over,
});
const card = (department: string, caseId: string, level: 'red' | 'yellow', regionCode = '370303001000'): CardFact => ({
  department,
  caseId,
  level,
  regionCode,
  itemCode: 'I',
  deadline: '2024-03-08',
  daysOverdue: level === 'red' ? 1 : null,
});
const facts = (over: Partial<AlertFacts> = {}): AlertFacts => ({
  now: '2024-03-11T01:00:00Z', // 09:00 in Shanghai
  departments: [
    { code: 'D-A', name: '甲局', regionCode: '370300000000' },
    { code: 'D-B', name: '乙局', regionCode: '370302000000' },
  ],
  cards: [],
  feeds: [],
  pipeline: { behind: false, behindSince: null, lagSeconds: 0, cannotJudge: {} },
  reports: [],
  ...over,
});

describe('warning_cards', () => {
  it('sends one notice per department and Shanghai day, listing only cards new to the rule (yellow turned red is new)', () => {
    const f = facts({ cards: [card('D-A', 'A1', 'red'), card('D-A', 'A2', 'red'), card('D-B', 'B1', 'yellow')] });
    const first = evaluateRule(rule({}), f, {});
    expect(first.notices.map((n) => n.dedupeKey)).toEqual(['warning_cards:r1:D-A:2024-03-11', 'warning_cards:r1:D-B:2024-03-11']);
    expect(first.notices[0]!.state).toEqual({ key: 'r1|D-A', value: { cards: { A1: 'red', A2: 'red' } } });
    const states = Object.fromEntries(first.notices.map((n) => [n.state!.key, n.state!.value]));
    // The next day: A1 still red (not new), B1 turned red (new), A2 completed (forgotten, no notice).
    const next = evaluateRule(
      rule({}),
      facts({ now: '2024-03-12T01:00:00Z', cards: [card('D-A', 'A1', 'red'), card('D-B', 'B1', 'red')] }),
      states,
    );
    expect(next.notices.map((n) => n.dedupeKey)).toEqual(['warning_cards:r1:D-B:2024-03-12']);
    expect(next.notices[0]!.text).toContain('新增红牌 1 件、黄牌 0 件');
    expect(next.states).toEqual([{ key: 'r1|D-A', value: { cards: { A1: 'red' } } }]);
  });

  it("lists at most 20 cases and counts the rest; a region rule follows the case's own place", () => {
    const many = Array.from({ length: 25 }, (_, i) => card('D-A', `C${String(i).padStart(2, '0')}`, 'red'));
    expect(evaluateRule(rule({}), facts({ cards: many }), {}).notices[0]!.text).toContain('另有 5 件');
    const region = rule({ scope: { kind: 'region', regionCode: '370302000000' } });
    const r = evaluateRule(
      region,
      facts({ cards: [card('D-A', 'A1', 'red', '370302001000'), card('D-A', 'A2', 'red', '370303001000')] }),
      {},
    );
    expect(r.notices).toHaveLength(1);
    expect(r.notices[0]!.text).toContain('A1');
    expect(r.notices[0]!.text).not.toContain('A2');
    expect(evaluateRule(rule({ enabled: false }), facts({ cards: many }), {}).notices).toEqual([]);
  });
});

describe('feed_silent, pipeline, report_published', () => {
  it('reports a silent feed once per silence, keyed by the day of its last record', () => {
    const feeds = [
      { department: 'D-A', lastReceivedAt: '2024-03-06T10:00:00+08:00', daysSinceLastRecord: 4 },
      { department: 'D-B', lastReceivedAt: null, daysSinceLastRecord: null },
    ];
    const r = evaluateRule(rule({ kind: 'feed_silent', params: { days: 3 } }), facts({ feeds }), {});
    expect(r.notices.map((n) => n.dedupeKey)).toEqual(['feed_silent:r1:D-A:2024-03-06']);
    const later = evaluateRule(
      rule({ kind: 'feed_silent', params: { days: 3 } }),
      facts({ now: '2024-03-13T01:00:00Z', feeds: [{ ...feeds[0]!, daysSinceLastRecord: 6 }] }),
      {},
    );
    expect(later.notices.map((n) => n.dedupeKey)).toEqual(['feed_silent:r1:D-A:2024-03-06']);
    expect(evaluateRule(rule({ kind: 'feed_silent', params: { days: 5 } }), facts({ feeds }), {}).notices).toEqual([]);
  });

  it('reports a department whose feed rejected more than the share over the window, with enough records, once a day', () => {
    const day = (d: string, accepted: number, rejected: number) => ({ day: d, accepted, rejected });
    const feeds = [
      {
        department: 'D-A',
        lastReceivedAt: '2024-03-11T08:00:00+08:00',
        daysSinceLastRecord: 0,
        days: [day('2024-03-04', 100, 0), day('2024-03-05', 10, 4), day('2024-03-11', 10, 4)],
      },
      { department: 'D-B', lastReceivedAt: '2024-03-11T08:00:00+08:00', daysSinceLastRecord: 0, days: [day('2024-03-11', 3, 3)] }, // half, but only 6 records
    ];
    const r = evaluateRule(rule({ kind: 'feed_rejects', params: { rejectShare: 0.1, days: 7, minCount: 20 } }), facts({ feeds }), {});
    // 2024-03-04 is outside the 7 days ending 11 March: 8 of 28 rejected.
    expect(r.notices.map((n) => n.dedupeKey)).toEqual(['feed_rejects:r1:D-A:2024-03-11']);
    expect(r.notices[0]!.title).toContain('退回 8 条（28.6%）');
  });

  it('reports figures behind per episode and a rise of cannot-judge cases, and lowers the baseline quietly', () => {
    const p = rule({ kind: 'pipeline' });
    const r = evaluateRule(
      p,
      facts({ pipeline: { behind: true, behindSince: '2024-03-11T00:58:00.000Z', lagSeconds: 120, cannotJudge: { 'D-A': 2, 'D-B': 1 } } }),
      {},
    );
    expect(r.notices.map((n) => n.dedupeKey)).toEqual([
      'pipeline:r1:city:behind:2024-03-11T00:58:00.000Z',
      'pipeline:r1:city:cannot_judge:2024-03-11',
    ]);
    expect(r.notices[1]!.state).toEqual({ key: 'r1|city', value: { count: 3 } });
    const same = evaluateRule(
      p,
      facts({ pipeline: { behind: false, behindSince: null, lagSeconds: 0, cannotJudge: { 'D-A': 2, 'D-B': 1 } } }),
      { 'r1|city': { count: 3 } },
    );
    expect(same).toEqual({ notices: [], states: [] });
    const fell = evaluateRule(p, facts({ pipeline: { behind: false, behindSince: null, lagSeconds: 0, cannotJudge: { 'D-A': 1 } } }), {
      'r1|city': { count: 3 },
    });
    expect(fell).toEqual({ notices: [], states: [{ key: 'r1|city', value: { count: 1 } }] });
  });

  it('announces each report of the latest closed month once per version, to its own scope', () => {
    expect(closedMonthBefore('2024-01-05')).toBe('2023-12');
    const reports = [
      { id: '2024-02~city', month: '2024-02', scopeKind: 'city' as const, scopeCode: null, nameZh: '淄博市', nameEn: 'Zibo', version: 1 },
      {
        id: '2024-02~department~D-B',
        month: '2024-02',
        scopeKind: 'department' as const,
        scopeCode: 'D-B',
        nameZh: '乙局',
        nameEn: 'B',
        version: 2,
      },
      { id: '2024-01~city', month: '2024-01', scopeKind: 'city' as const, scopeCode: null, nameZh: '淄博市', nameEn: 'Zibo', version: 1 },
    ];
    const city = evaluateRule(rule({ kind: 'report_published' }), facts({ reports }), {});
    expect(city.notices.map((n) => [n.dedupeKey, n.department, n.link])).toEqual([
      ['report_published:r1:2024-02~city:v1', null, '#/reports/2024-02~city'],
      ['report_published:r1:2024-02~department~D-B:v2', 'D-B', '#/reports/2024-02~department~D-B'],
    ]);
    const dept = evaluateRule(
      rule({ kind: 'report_published', scope: { kind: 'department', departmentCode: 'D-B' } }),
      facts({ reports }),
      {},
    );
    expect(dept.notices.map((n) => n.dedupeKey)).toEqual(['report_published:r1:2024-02~department~D-B:v2']);
  });
});

describe('rate_below', () => {
  it('reports a unit whose rate of the last closed month is below target, with enough cases, once per report and metric', () => {
    const rep = (
      id: string,
      scopeKind: 'city' | 'department',
      scopeCode: string | null,
      completed: number,
      onTimeRate: number | null,
      satisfactionRate: number | null,
    ) => ({
      id,
      month: '2024-02',
      scopeKind,
      scopeCode,
      nameZh: id,
      nameEn: id,
      version: 1,
      summary: { completed, onTimeRate, satisfactionRate },
    });
    const reports = [
      rep('2024-02~city', 'city', null, 500, 0.97, 0.99),
      rep('2024-02~department~D-A', 'department', 'D-A', 40, 0.9, 0.99), // below 95%
      rep('2024-02~department~D-B', 'department', 'D-B', 10, 0.5, 0.7), // too few cases for the on-time rate
    ];
    const onTime = evaluateRule(rule({ kind: 'rate_below' }), facts({ reports }), {});
    expect(onTime.notices.map((n) => [n.dedupeKey, n.department])).toEqual([['rate_below:r1:2024-02~department~D-A:onTimeRate', 'D-A']]);
    expect(onTime.notices[0]!.title).toContain('按期办结率 90.0%，低于目标 95.0%');
    const sat = evaluateRule(rule({ kind: 'rate_below', params: { metric: 'satisfactionRate', target: 0.9 } }), facts({ reports }), {});
    expect(sat.notices.map((n) => n.dedupeKey)).toEqual(['rate_below:r1:2024-02~department~D-B:satisfactionRate']);
  });
});

describe('webhook formats and secrets', () => {
  const notice: StoredNotice = {
    id: 'n1',
    dedupeKey: 'k',
    ruleId: 'r1',
    kind: 'warning_cards',
    department: 'D-A',
    regionCode: null,
    period: '2024-03-11',
    title: '【红黄牌预警】甲局',
    titleEn: 'Cards',
    text: '### 【红黄牌预警】甲局\n- 🔴 A1',
    textEn: 'x',
    link: '#/timeliness?department=D-A',
    createdAt: '2024-03-11T01:00:00.000Z',
  };

  it('builds the 企业微信 markdown message with an absolute link when the dashboard address is known', () => {
    const r = buildWebhookRequest('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc', undefined, notice, {
      publicUrl: 'https://sp.example.gov.cn/',
      realNowMs: 0,
      deliveryId: 'd',
    });
    expect(JSON.parse(r.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        content: '### 【红黄牌预警】甲局\n- 🔴 A1\n\n[在 ServicePulse 中查看](https://sp.example.gov.cn/#/timeliness?department=D-A)',
      },
    });
    expect(r.url).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc');
  });

  it('signs 钉钉 with timestamp and sign in the URL, as the robot checks them', () => {
    const r = buildWebhookRequest('dingtalk', 'https://oapi.dingtalk.com/robot/send?access_token=t', 'SECxyz12345', notice, {
      realNowMs: 1710118800000,
      deliveryId: 'd',
    });
    const u = new URL(r.url);
    expect(u.searchParams.get('timestamp')).toBe('1710118800000');
    expect(u.searchParams.get('sign')).toBe(dingtalkSign('SECxyz12345', 1710118800000));
    expect(JSON.parse(r.body).markdown.title).toBe('【红黄牌预警】甲局');
  });

  it('masks addresses and opens a sealed secret only with the same key material', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?***',
    );
    const sealed = createSecretBox('material-one-0123456789abcdef0123').seal('SECsecret');
    expect(sealed).not.toContain('SECsecret');
    expect(createSecretBox('material-one-0123456789abcdef0123').open(sealed)).toBe('SECsecret');
    expect(createSecretBox('material-two-0123456789abcdef0123').open(sealed)).toBeUndefined();
  });
});

describe('the local alerts scheduler', () => {
  it('runs after the figures are current, never two passes at once, and stops even while a pass hangs', async () => {
    const { startAlertsScheduler } = await import('../../functions/local/alerts-scheduler.js');
    const calls: string[] = [];
    let release!: () => void;
    let started!: () => void;
    const hanging = new Promise<void>((r) => {
      release = r;
    });
    const running = new Promise<void>((r) => {
      started = r;
    });
    const s = startAlertsScheduler({
      ready: async () => {
        calls.push('ready');
      },
      run: async () => {
        calls.push('run');
        started();
        await hanging;
        return { noticesCreated: [], sent: 0, retrying: 0, failed: 0, digests: 0, evaluated: { full: true, departments: [] } };
      },
      intervalMs: 3_600_000,
    });
    const first = s.runNow();
    const second = s.runNow(); // joins the pass in progress
    expect(second).toBe(first);
    await running;
    await s.stop(20); // returns although the pass has not finished
    release();
    await first;
    expect(calls).toEqual(['ready', 'run']);
  });
});

describe('complaints_late', () => {
  const late = (department: string, complaintId: string, regionCode = '370303001000') => ({
    department,
    complaintId,
    regionCode,
    category: 'unnecessary_proof',
    receivedOn: '2024-03-04',
    respondBy: '2024-03-05',
    summary: null,
  });
  it('sends one notice per department and day listing complaints new to the rule; an answered one is forgotten without a notice', () => {
    const r = rule({ id: 'k', kind: 'complaints_late' });
    const first = evaluateRule(r, facts({ lateComplaints: [late('D-A', 'K1'), late('D-A', 'K2'), late('D-B', 'K9')] }), {});
    expect(first.notices.map((n) => n.dedupeKey)).toEqual(['complaints_late:k:D-A:2024-03-11', 'complaints_late:k:D-B:2024-03-11']);
    expect(first.notices[0]!.text).toContain('新增超时未响应投诉 2 件');
    expect(first.notices[0]!.link).toBe('#/complaints?department=D-A&cstate=late');
    expect(first.notices[1]!.link).toBe('#/complaints?fbDept=D-B&complaintId=K9');
    const states = Object.fromEntries(first.notices.map((n) => [n.state!.key, n.state!.value]));
    // The next day: K1 still waiting (not new), K2 answered (forgotten), K3 new.
    const next = evaluateRule(
      r,
      facts({ now: '2024-03-12T01:00:00Z', lateComplaints: [late('D-A', 'K1'), late('D-A', 'K3'), late('D-B', 'K9')] }),
      states,
    );
    expect(next.notices.map((n) => n.dedupeKey)).toEqual(['complaints_late:k:D-A:2024-03-12']);
    expect(next.notices[0]!.text).toContain('K3');
    expect(next.notices[0]!.text).not.toContain('K1（');
    expect(next.notices[0]!.state!.value).toEqual({ ids: ['K1', 'K3'] });
    const quiet = evaluateRule(r, facts({ now: '2024-03-13T01:00:00Z', lateComplaints: [late('D-A', 'K1')] }), {
      ...states,
      'k|D-A': { ids: ['K1', 'K3'] },
    });
    expect(quiet.notices).toEqual([]);
    expect(quiet.states).toEqual([
      { key: 'k|D-A', value: { ids: ['K1'] } },
      { key: 'k|D-B', value: { ids: [] } },
    ]);
  });
});

describe('daily digest window', () => {
  it("is the day before the channel's hour in Shanghai, due from that hour on", async () => {
    const { dueDigest, shanghaiHourInstant } = await import('../../shared/alerts/digest.js');
    expect(shanghaiHourInstant('2024-03-12', 8)).toBe('2024-03-12T00:00:00.000Z');
    expect(dueDigest(new Date('2024-03-11T23:59:59Z'), 8)).toBeNull(); // 07:59:59 on the 12th
    expect(dueDigest(new Date('2024-03-12T00:00:00Z'), 8)).toEqual({
      day: '2024-03-12',
      from: '2024-03-11T00:00:00.000Z',
      to: '2024-03-12T00:00:00.000Z',
    });
    // Midnight digests: the window is the whole Shanghai day before.
    expect(dueDigest(new Date('2024-03-11T16:30:00Z'), 0)).toEqual({
      day: '2024-03-12',
      from: '2024-03-10T16:00:00.000Z',
      to: '2024-03-11T16:00:00.000Z',
    });
  });
});

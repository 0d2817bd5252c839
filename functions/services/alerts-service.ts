// Alerts and subscriptions (预警与订阅): rules and webhook channels (administrators, audited), the
// in-app inbox (消息; each caller sees the notices of its scope, with read/unread), the delivery
// log, and the run that evaluates every rule against the current facts and delivers what is due.
// The run is idempotent: a notice is stored once per dedupe key (shared/alerts/evaluate.ts), its
// deliveries with it; a failed delivery is retried with backoff on later runs, then given up.
import { createHash, randomBytes } from 'node:crypto';
import { shanghaiDate } from '../../shared/calendar/index.js';
import {
  closedMonthBefore,
  DEFAULT_COMPLAINT_WINDOW_DAYS,
  DEFAULT_REJECT_WINDOW_DAYS,
  DEFAULT_RULES,
  evaluateRule,
  type AlertFacts,
  type CardFact,
  type LateComplaintFact,
} from '../../shared/alerts/evaluate.js';
import { digestMessage, dueDigest } from '../../shared/alerts/digest.js';
import type {
  AlertRule,
  ChannelInput,
  ChannelPatch,
  PublicChannel,
  PublicSmtp,
  RuleInput,
  RuleKind,
  RulePatch,
  SmtpInput,
} from '../../shared/contract/alerts.js';
import { buildEmail, sendEmail, type SmtpSettings } from '../adapters/email.js';
import { createSecretBox, type SecretBox } from '../adapters/secret-box.js';
import { buildWebhookRequest, maskUrl, sendWebhook } from '../adapters/webhooks.js';
import { errors } from '../errors.js';
import type { Config } from '../config.js';
import type { StoredChannel, StoredDelivery, StoredNotice } from '../store/alerts-store.js';
import type { Stores } from '../store/index.js';
import { assertAdministrator } from './admin-service.js';
import type { AuthService } from './auth-service.js';
import type { FiguresService } from './figures-service.js';
import type { createFeedbackListService } from './feedback-list-service.js';
import type { PipelineService } from './pipeline-service.js';
import { ADMIN_TOKEN_USER, type Principal } from './principal.js';
import { inRegion } from './access-policy.js';
import { BUILT_IN_REGIONS } from '../../shared/built-in-regions.js';
import { EPOCH_DAY } from './figures-service.js';
import type { ReferenceService } from './reference-service.js';
import type { ReportService } from './report-service.js';
import { SETTINGS, type StoredSmtp } from '../store/settings.js';

/** Minutes to wait after failed attempt n (1-based) before the next; the last attempt gives up. */
export const RETRY_MINUTES = [1, 5, 15, 60] as const;
export const MAX_ATTEMPTS = RETRY_MINUTES.length + 1;
/** The inbox shows (and counts unread among) this many of the newest notices in scope. */
export const INBOX_SIZE = 200;
const READ_MARK_DAYS = 180;
const FIRST_RELEASE_DEFAULTS = ['city-warning-cards', 'city-feed-silent', 'city-feed-rejects', 'city-pipeline', 'city-report-published'];
/**
 * Rules whose facts are read per department and change only with records or with the day: they
 * are evaluated for the departments the aggregator marked since the last run, and for every
 * department once a day after midnight (Asia/Shanghai), when cards turn red without any record.
 */
const CHANGE_DRIVEN: ReadonlySet<RuleKind> = new Set(['warning_cards', 'complaints_late']);
/** The alert state that remembers the day of the last evaluation of every department. */
const FULL_STATE = 'run|full';
/** Up to this many marked departments are read one by one; more, city-wide in one pass. */
const MAX_PER_DEPARTMENT_READS = 8;

/** The run reads facts city-wide, as a supervisor of the whole city. */
const SYSTEM: Principal = { kind: 'user', username: 'system:alerts', role: 'supervisor', scope: { kind: 'all' } };

export interface AlertsDeps {
  stores: Stores;
  figures: FiguresService;
  feedbackLists: ReturnType<typeof createFeedbackListService>;
  reference: ReferenceService;
  pipeline: PipelineService;
  reports: ReportService;
  auth: AuthService;
  config: Config;
  now: () => Date;
  fetch?: typeof fetch;
}

export interface RunResult {
  noticesCreated: string[];
  sent: number;
  retrying: number;
  failed: number;
  /** Daily digests made by this run (one delivery each). */
  digests: number;
  /** What the change-driven rules looked at: every department (the day's first run) or the marked ones. */
  evaluated: { full: boolean; departments: string[] };
}

export const noticeId = (dedupeKey: string) => createHash('sha256').update(dedupeKey).digest('hex').slice(0, 24);

function assertMayReadAlerts(p: Principal): void {
  if (p.kind !== 'user' || (p.role !== 'administrator' && !(p.role === 'supervisor' && p.scope.kind === 'all'))) {
    throw errors.forbidden(
      'rules, channels and the delivery log are for administrators and city-wide supervisors',
      '预警规则、推送渠道和推送记录仅管理员和全市监督人员可查看',
    );
  }
}

/** Who reads: a department's keys share one inbox (keys rotate; the department reads). */
function recipientOf(p: Principal): string {
  if (p.kind === 'department') return `dept:${p.departmentCode}`;
  return p.username === ADMIN_TOKEN_USER ? ADMIN_TOKEN_USER : `user:${p.username}`;
}

function publicChannel(c: StoredChannel): PublicChannel {
  return {
    id: c.id,
    kind: c.kind,
    name: c.name,
    urlMasked: c.urlMasked,
    recipients: c.recipients ?? [],
    digestHour: c.digestHour ?? null,
    secretSet: Boolean(c.secretSealed),
    departmentCode: c.departmentCode ?? null,
    subscribe: c.subscribe ?? [],
    enabled: c.enabled,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/**
 * Who may manage a channel: an administrator any; a department's own user (not its API key,
 * which is for posting data) the channels of its department — its own robot and subscriptions.
 * Answers the department a non-administrator is limited to.
 */
function channelManager(p: Principal): { admin: true } | { admin: false; department: string } {
  if (p.kind === 'user' && p.role === 'administrator') return { admin: true };
  if (p.kind === 'user' && p.scope.kind === 'department' && p.role !== 'leadership')
    return { admin: false, department: p.scope.departmentCode };
  throw errors.forbidden(
    "webhook channels are managed by administrators, and by a department's own users for their department",
    '推送渠道由管理员配置；部门用户可配置本部门的推送渠道',
  );
}
/**
 * A department user's channel may only reach the robots' own hosts (or this machine, for a local
 * sink): the server must not become a way for any signed-in user to make requests into networks
 * it can reach. Generic webhooks are for administrators.
 */
const ROBOT_HOSTS: Record<'wecom' | 'dingtalk', string> = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' };
function assertDepartmentTarget(kind: StoredChannel['kind'], url: string | undefined): void {
  if (kind === 'email' || url === undefined) return; // e-mail goes through the administrator's SMTP server
  const host = new URL(url).hostname;
  const ok = kind !== 'webhook' && (host === ROBOT_HOSTS[kind] || ['127.0.0.1', 'localhost', '[::1]'].includes(host));
  if (!ok) {
    throw errors.forbidden(
      kind === 'webhook' ? 'generic webhooks are set up by an administrator' : `a ${kind} channel must point at ${ROBOT_HOSTS[kind]}`,
      kind === 'webhook' ? '通用 Webhook 需由管理员配置' : `该渠道地址须为 ${ROBOT_HOSTS[kind]}`,
    );
  }
}
function assertChannelOf(m: ReturnType<typeof channelManager>, c: StoredChannel): void {
  if (!m.admin && c.departmentCode !== m.department) throw errors.notFound(`no channel ${c.id}`, `推送渠道 ${c.id} 不存在`);
}

/** A delivery to one channel, not yet tried: sent on this run or retried by a later one. */
function newDelivery(
  c: StoredChannel,
  what: Pick<StoredDelivery, 'id' | 'noticeId' | 'dedupeKey' | 'digestOf'>,
  at: string,
): StoredDelivery {
  return {
    ...what,
    channelId: c.id,
    channelKind: c.kind,
    channelName: c.name,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastStatusCode: null,
    lastError: null,
    log: [],
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Whether a channel receives a rule's notice: named by the rule (a department's channel only
 * its department's notices), or subscribed to that kind of notice about its department.
 */
function receives(c: StoredChannel, rule: Pick<AlertRule, 'id' | 'kind' | 'channelIds'>, n: { department: string | null }): boolean {
  return (
    (rule.channelIds.includes(c.id) && (!c.departmentCode || c.departmentCode === n.department)) ||
    (c.departmentCode !== undefined && c.departmentCode === n.department && Boolean(c.subscribe?.includes(rule.kind)))
  );
}

export function createAlertsService(d: AlertsDeps) {
  const { stores, now } = d;
  const keyMaterial = d.config.alertsKey ?? d.config.adminToken;
  const box: SecretBox | undefined = keyMaterial ? createSecretBox(keyMaterial) : undefined;
  const requireBox = (): SecretBox => {
    if (!box)
      throw errors.badRequest(
        'webhook secrets cannot be stored: set ALERTS_KEY (or ADMIN_TOKEN) first',
        '无法加密保存推送密钥：请先设置 ALERTS_KEY（或 ADMIN_TOKEN）',
      );
    return box;
  };
  const iso = () => now().toISOString();
  /** The dashboard's address for links in robot messages: PUBLIC_URL, else what the local server says. */
  let publicUrl = d.config.publicUrl;

  /**
   * Creates the city defaults not made before. The marker lists the defaults made, so that one
   * an administrator deleted is not made again, while a default added by a later release (投诉超时
   * 未响应) reaches an existing city once. Marker 1: the five defaults of the first release.
   */
  async function ensureDefaults(): Promise<void> {
    const marker = await stores.settings.get(SETTINGS.alertDefaults);
    const made = new Set(marker === 1 ? FIRST_RELEASE_DEFAULTS : Array.isArray(marker) ? marker : []);
    const missing = DEFAULT_RULES.filter((r) => !made.has(r.id));
    if (!missing.length) return;
    const at = iso();
    for (const r of missing) await stores.alerts.putRule({ ...r, enabled: true, channelIds: [], createdAt: at, updatedAt: at }, 'create');
    await stores.settings.put(SETTINGS.alertDefaults, [...made, ...missing.map((r) => r.id)], 'system:alerts', at);
  }

  async function checkChannels(ids: string[]): Promise<void> {
    for (const id of ids) {
      if (!(await stores.alerts.channel(id))) {
        throw errors.badRequest(`no channel ${id}`, `推送渠道 ${id} 不存在`, [
          {
            path: 'channelIds',
            code: 'unknown_channel',
            message: `no channel ${id}; create it with POST /v1/alerts/channels`,
            messageZh: `推送渠道 ${id} 不存在`,
          },
        ]);
      }
    }
  }

  async function checkScope(scope: AlertRule['scope']): Promise<void> {
    if (scope.kind === 'department' && !(await stores.departments.get(scope.departmentCode))) {
      throw errors.badRequest(`no department ${scope.departmentCode}`, `部门 ${scope.departmentCode} 不存在`, [
        { path: 'scope.departmentCode', code: 'unknown_department', message: 'no such department', messageZh: '部门不存在' },
      ]);
    }
    if (scope.kind === 'region' && !scope.regionCode.startsWith(d.config.cityCode)) {
      throw errors.badRequest(`region ${scope.regionCode} is outside the city`, `地区 ${scope.regionCode} 不在本市`, [
        {
          path: 'scope.regionCode',
          code: 'outside_city',
          message: `must start with ${d.config.cityCode}`,
          messageZh: `须以 ${d.config.cityCode} 开头`,
        },
      ]);
    }
  }

  /**
   * The facts the enabled rules need (nothing is read for a kind no rule uses). `only`: the
   * departments whose cards and complaints are read (undefined: all of them, one query city-wide).
   */
  async function facts(rules: AlertRule[], only?: ReadonlySet<string>): Promise<AlertFacts> {
    const at = now();
    const need = new Set(rules.map((r) => r.kind));
    const departments = (await stores.departments.list()).map((x) => ({ code: x.code, name: x.name, regionCode: x.regionCode }));
    const today = shanghaiDate(at);
    // A few departments: read theirs only; many (a backfill, the morning rush): one city-wide read
    // costs less than one per department (the rules still look only at the marked departments).
    const filters = only && only.size <= MAX_PER_DEPARTMENT_READS ? [...only].map((department) => ({ department })) : [{}];
    const cards: CardFact[] = [];
    if (need.has('warning_cards')) {
      for (const filter of filters) {
        for (const level of ['red', 'yellow'] as const) {
          let cursor: string | undefined;
          do {
            const page = await d.figures.warnings(SYSTEM, { level, filter, limit: 500, ...(cursor ? { cursor } : {}) });
            for (const c of page.cases) {
              cards.push({
                department: c.department,
                caseId: c.caseId,
                level,
                regionCode: c.regionCode,
                itemCode: c.itemCode,
                deadline: c.deadline ?? null,
                daysOverdue: c.daysOverdue ?? null,
              });
            }
            cursor = page.next;
          } while (cursor);
        }
      }
    }
    const lateComplaints: LateComplaintFact[] = [];
    if (need.has('complaints_late')) {
      // Complaints received in the longest window any rule looks at, past their response deadline unanswered.
      const days = Math.max(
        1,
        ...rules.filter((r) => r.kind === 'complaints_late').map((r) => r.params.days ?? DEFAULT_COMPLAINT_WINDOW_DAYS),
      );
      const from = shanghaiDate(at.getTime() - (days - 1) * 86_400_000);
      for (const filter of filters) {
        let cursor: string | undefined;
        do {
          const page = await d.feedbackLists.complaints(SYSTEM, {
            from: from < EPOCH_DAY ? EPOCH_DAY : from,
            to: today,
            ...filter,
            state: 'late_response',
            limit: 500,
            ...(cursor ? { cursor } : {}),
          });
          for (const c of page.complaints) {
            if (c.respondedAt !== null || c.responseLate !== true) continue; // answered late: not waiting any more
            lateComplaints.push({
              department: c.department,
              complaintId: c.complaintId,
              regionCode: c.regionCode,
              category: c.category,
              receivedOn: c.receivedOn,
              respondBy: c.respondBy,
              summary: c.summary,
            });
          }
          cursor = page.next;
        } while (cursor);
      }
    }
    // The longest window any feed_rejects rule looks at (the silent-feed rule needs only today).
    const window = Math.max(1, ...rules.filter((r) => r.kind === 'feed_rejects').map((r) => r.params.days ?? DEFAULT_REJECT_WINDOW_DAYS));
    const feeds =
      need.has('feed_silent') || need.has('feed_rejects')
        ? (await d.reference.feeds(SYSTEM, shanghaiDate(at.getTime() - (window - 1) * 86_400_000), today)).departments.map((f) => ({
            department: f.department,
            lastReceivedAt: f.lastReceivedAt,
            daysSinceLastRecord: f.daysSinceLastRecord,
            days: (f.days ?? []).map((x) => ({ day: x.day, accepted: x.accepted, rejected: x.rejected })),
          }))
        : [];
    let pipeline: AlertFacts['pipeline'] = { behind: false, behindSince: null, lagSeconds: 0, cannotJudge: {} };
    if (need.has('pipeline')) {
      const [s, q] = await Promise.all([d.pipeline.status(SYSTEM), d.pipeline.quality(SYSTEM)]);
      pipeline = {
        behind: s.behind,
        behindSince: s.behindSince,
        lagSeconds: s.lagSeconds,
        cannotJudge: Object.fromEntries(q.departments.map((x) => [x.department, x.cannotJudge])),
      };
    }
    const reports =
      need.has('report_published') || need.has('rate_below')
        ? (await d.reports.list(SYSTEM, { month: closedMonthBefore(today) })).reports.map((r) => ({
            id: r.id,
            month: r.month,
            scopeKind: r.scopeKind,
            scopeCode: r.scopeCode,
            nameZh: r.nameZh,
            nameEn: r.nameEn,
            version: r.currentVersion,
            summary: { completed: r.summary.completed, onTimeRate: r.summary.onTimeRate, satisfactionRate: r.summary.satisfactionRate },
          }))
        : [];
    return { now: at.toISOString(), departments, cards, lateComplaints, feeds, pipeline, reports, regionTable: BUILT_IN_REGIONS };
  }

  /**
   * Evaluates the enabled rules and stores the new notices with their deliveries. The
   * change-driven rules (CHANGE_DRIVEN) look at the departments the aggregator marked since the
   * last run — or at every department on the day's first run (a case turns red at midnight
   * without a record) — and at nothing when nothing changed; the other rules read small facts
   * (feed counts, the pipeline's status, the month's reports) every run.
   */
  async function evaluate(): Promise<{ created: string[]; evaluated: RunResult['evaluated'] }> {
    await ensureDefaults();
    const [allRules, states, channels, marks] = await Promise.all([
      stores.alerts.rules(),
      stores.alerts.states(),
      stores.alerts.channels(),
      stores.alerts.dirtyDepartments(),
    ]);
    const rules = allRules.filter((r) => r.enabled);
    const today = shanghaiDate(now());
    const full = states[FULL_STATE]?.day !== today;
    const marked = new Set(marks.map((m) => m.department));
    const evaluated = { full, departments: full ? [] : [...marked].sort() };
    // Change-driven rules skipped when no department changed (and the day's full pass is done).
    const active = rules.filter((r) => !CHANGE_DRIVEN.has(r.kind) || full || marked.size > 0);
    const created: string[] = [];
    if (!active.length) return { created, evaluated };
    const f = await facts(active, full ? undefined : marked);
    const changed: AlertFacts = full ? f : { ...f, departments: f.departments.filter((x) => marked.has(x.code)) };
    for (const rule of active) {
      const ev = evaluateRule(rule, CHANGE_DRIVEN.has(rule.kind) ? changed : f, states);
      for (const draft of ev.notices) {
        const id = noticeId(draft.dedupeKey);
        if (await stores.alerts.noticeExists(id)) continue; // sent before: cheaper than a failed transaction
        const at = iso();
        const { state, ...body } = draft;
        const notice: StoredNotice = { id, ...body, createdAt: at };
        // The rule's own channels (a department's channel only for its department's notices),
        // and the channels that subscribed to this kind of notice about this department.
        // A digest channel gets it in its next daily digest (digests()), not now.
        const targets = channels.filter((c) => c.enabled && c.digestHour === undefined && receives(c, rule, draft));
        const deliveries = targets.map((c) => newDelivery(c, { id: `${id}.${c.id}`, noticeId: id, dedupeKey: draft.dedupeKey }, at));
        if (await stores.alerts.putNotice(notice, state, deliveries)) {
          created.push(draft.dedupeKey);
          if (state) states[state.key] = state.value;
        }
      }
      for (const s of ev.states) {
        await stores.alerts.putState(s.key, s.value, iso());
        states[s.key] = s.value;
      }
    }
    // Done: the marks seen are cleared (a department marked again meanwhile keeps its mark), and
    // the day's full pass is remembered. A run that failed before this point clears nothing.
    for (const m of marks) await stores.alerts.clearDirty(m.department, m.at);
    if (full) await stores.alerts.putState(FULL_STATE, { day: today }, iso());
    return { created, evaluated };
  }

  /**
   * Daily digests (每日摘要): for each digest channel past its hour today and without today's
   * digest, the notices of its day it would have received, in one delivery keyed by channel and
   * day (a conditional put: a restart or a second run makes none twice). An empty day sends
   * nothing and is remembered, so it is not looked at again.
   */
  async function digests(): Promise<number> {
    const channels = (await stores.alerts.channels()).filter((c) => c.enabled && c.digestHour !== undefined);
    if (!channels.length) return 0;
    const [states, rules] = await Promise.all([stores.alerts.states(), stores.alerts.rules()]);
    const byId = new Map(rules.map((r) => [r.id, r]));
    let made = 0;
    for (const c of channels) {
      const due = dueDigest(now(), c.digestHour!);
      const key = `digest|${c.id}`;
      if (!due || states[key]?.day === due.day) continue;
      const notices = (await stores.alerts.noticesBetween(due.from, due.to)).filter((n) => {
        const rule = byId.get(n.ruleId);
        return receives(c, rule ?? { id: n.ruleId, kind: n.kind, channelIds: [] }, n);
      });
      const at = iso();
      if (!notices.length) {
        await stores.alerts.putState(key, { day: due.day }, at);
        continue;
      }
      const id = `digest.${c.id}.${due.day}`;
      const delivery = newDelivery(c, { id, noticeId: id, digestOf: notices.map((n) => n.id), dedupeKey: `digest:${c.id}:${due.day}` }, at);
      if (await stores.alerts.putDigest(delivery, { key, value: { day: due.day } })) made++;
    }
    return made;
  }

  /** The digest a delivery carries, as one notice-like message (built when it is sent). */
  async function digestNotice(del: StoredDelivery): Promise<StoredNotice | undefined> {
    const notices = (await Promise.all((del.digestOf ?? []).map((id) => stores.alerts.notice(id)))).filter(
      (n): n is StoredNotice => n !== undefined,
    );
    if (!notices.length) return undefined;
    const day = del.dedupeKey.split(':').at(-1)!;
    const m = digestMessage(del.channelName, day, notices);
    return {
      id: del.id,
      dedupeKey: del.dedupeKey,
      ruleId: 'digest',
      kind: notices[0]!.kind,
      department: null,
      regionCode: null,
      period: day,
      ...m,
      createdAt: del.createdAt,
    };
  }

  /** The SMTP setting as the API shows it: never the password. */
  async function smtpPublic(): Promise<PublicSmtp> {
    const s = await stores.settings.get(SETTINGS.alertSmtp);
    return s
      ? {
          configured: true,
          host: s.host,
          port: s.port,
          security: s.security,
          user: s.user ?? null,
          passwordSet: Boolean(s.passwordSealed),
          from: s.from,
          updatedAt: s.updatedAt,
        }
      : { configured: false, host: null, port: null, security: null, user: null, passwordSet: false, from: null, updatedAt: null };
  }

  async function smtpSettings(): Promise<SmtpSettings | undefined> {
    const s = await stores.settings.get(SETTINGS.alertSmtp);
    if (!s) return undefined;
    const password = s.passwordSealed ? box?.open(s.passwordSealed) : undefined;
    if (s.passwordSealed && password === undefined) return undefined;
    return {
      host: s.host,
      port: s.port,
      security: s.security,
      ...(s.user ? { user: s.user } : {}),
      ...(password !== undefined ? { password } : {}),
      from: s.from,
    };
  }

  /** Sends every delivery that is due; a failure waits for a later run (RETRY_MINUTES). */
  async function deliver(): Promise<Pick<RunResult, 'sent' | 'retrying' | 'failed'>> {
    const out = { sent: 0, retrying: 0, failed: 0 };
    const due = await stores.alerts.dueDeliveries(iso());
    for (const del of due) {
      const attempt = del.attempts + 1;
      const wait = RETRY_MINUTES[Math.min(attempt, RETRY_MINUTES.length) - 1]!;
      const retryAt = new Date(now().getTime() + wait * 60_000).toISOString();
      if (!(await stores.alerts.claimDelivery(del, retryAt, iso()))) continue; // another run has it
      const [channel, notice] = await Promise.all([
        stores.alerts.channel(del.channelId),
        del.digestOf ? digestNotice(del) : stores.alerts.notice(del.noticeId),
      ]);
      let result: { ok: boolean; statusCode: number | null; error: string | null };
      let final = false;
      if (!channel?.enabled || !notice) {
        result = { ok: false, statusCode: null, error: !notice ? 'notice missing' : !channel ? 'channel deleted' : 'channel disabled' };
        final = true;
      } else if (channel.kind === 'email') {
        const smtp = await smtpSettings();
        result = !smtp
          ? {
              ok: false,
              statusCode: null,
              error: 'no usable SMTP setting (PUT /v1/alerts/smtp; or its password cannot be decrypted: ALERTS_KEY / ADMIN_TOKEN changed?)',
            }
          : await sendEmail(smtp, channel.recipients ?? [], buildEmail(notice, publicUrl));
      } else {
        const url = channel.urlSealed ? box?.open(channel.urlSealed) : undefined;
        const secret = channel.secretSealed ? box?.open(channel.secretSealed) : undefined;
        if (!url || (channel.secretSealed && !secret)) {
          result = {
            ok: false,
            statusCode: null,
            error: 'the stored webhook address or secret cannot be decrypted (ALERTS_KEY / ADMIN_TOKEN changed?): enter it again',
          };
        } else {
          const req = buildWebhookRequest(channel.kind, url, secret, notice, {
            ...(publicUrl ? { publicUrl } : {}),
            realNowMs: Date.now(),
            deliveryId: del.id,
          });
          result = await sendWebhook(channel.kind, req, d.fetch ?? fetch);
        }
      }
      const at = iso();
      const status = result.ok ? 'sent' : final || attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
      await stores.alerts.finishAttempt(del.id, {
        status,
        attempt: { at, ...result },
        nextAttemptAt: status === 'pending' ? retryAt : null,
      });
      if (status === 'sent') out.sent++;
      else if (status === 'failed') out.failed++;
      else out.retrying++;
    }
    return out;
  }

  return {
    assertMayRun: (p: Principal) => assertAdministrator(p),
    /** Locally, the URL the server listens on (when PUBLIC_URL is not set). */
    attachPublicUrl(url: string) {
      publicUrl ??= url;
    },
    ensureDefaults,
    evaluate,
    deliver,
    /** One pass: evaluate, then deliver what is due (the scheduler and the Lambda call this). */
    async run(): Promise<RunResult> {
      const { created, evaluated } = await evaluate();
      const made = await digests();
      return { noticesCreated: created, ...(await deliver()), digests: made, evaluated };
    },

    async smtp(p: Principal): Promise<PublicSmtp> {
      assertMayReadAlerts(p);
      return smtpPublic();
    },
    /** Sets the SMTP server (administrator, audited); a change without a password keeps the stored one. */
    async putSmtp(p: Principal, input: SmtpInput): Promise<PublicSmtp> {
      assertAdministrator(p);
      const old = await stores.settings.get(SETTINGS.alertSmtp);
      const passwordSealed =
        input.password !== undefined
          ? requireBox().seal(input.password)
          : input.user && input.user === old?.user
            ? old.passwordSealed
            : undefined;
      const at = iso();
      const s: StoredSmtp = {
        host: input.host,
        port: input.port,
        security: input.security,
        ...(input.user ? { user: input.user } : {}),
        ...(passwordSealed ? { passwordSealed } : {}),
        from: input.from,
        updatedAt: at,
      };
      await stores.settings.put(SETTINGS.alertSmtp, s, p.kind === 'user' ? p.username : 'department', at);
      await d.auth.audit(p, 'alert.smtp.update', SETTINGS.alertSmtp.name, {
        host: s.host,
        port: s.port,
        security: s.security,
        user: s.user ?? null,
        passwordSet: Boolean(passwordSealed),
        from: s.from,
      });
      return smtpPublic();
    },

    async listRules(p: Principal) {
      assertMayReadAlerts(p);
      await ensureDefaults();
      return (await stores.alerts.rules()).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async createRule(p: Principal, input: RuleInput): Promise<AlertRule> {
      assertAdministrator(p);
      await ensureDefaults();
      await checkScope(input.scope);
      await checkChannels(input.channelIds);
      const at = iso();
      const rule: AlertRule = {
        id: `r-${randomBytes(5).toString('hex')}`,
        kind: input.kind,
        name: input.name ?? input.kind,
        scope: input.scope,
        params: input.params,
        enabled: input.enabled,
        channelIds: input.channelIds,
        createdAt: at,
        updatedAt: at,
      };
      await stores.alerts.putRule(rule, 'create');
      await d.auth.audit(p, 'alert.rule.create', rule.id, {
        kind: rule.kind,
        scope: rule.scope,
        params: rule.params,
        enabled: rule.enabled,
        channelIds: rule.channelIds,
      });
      return rule;
    },
    async updateRule(p: Principal, id: string, patch: RulePatch): Promise<AlertRule> {
      assertAdministrator(p);
      await ensureDefaults();
      const old = await stores.alerts.rule(id);
      if (!old) throw errors.notFound(`no alert rule ${id}`, `预警规则 ${id} 不存在`);
      if (patch.scope) await checkScope(patch.scope);
      if (patch.channelIds) await checkChannels(patch.channelIds);
      const rule: AlertRule = { ...old, ...patch, updatedAt: iso() } as AlertRule;
      if (!(await stores.alerts.putRule(rule, 'replace'))) throw errors.notFound(`no alert rule ${id}`, `预警规则 ${id} 不存在`);
      await d.auth.audit(p, 'alert.rule.update', id, { ...patch });
      return rule;
    },
    async deleteRule(p: Principal, id: string): Promise<void> {
      assertAdministrator(p);
      if (!(await stores.alerts.deleteRule(id))) throw errors.notFound(`no alert rule ${id}`, `预警规则 ${id} 不存在`);
      await d.auth.audit(p, 'alert.rule.delete', id);
    },

    async listChannels(p: Principal): Promise<PublicChannel[]> {
      const own = p.kind === 'user' && p.scope.kind === 'department' && p.role !== 'administrator' ? p.scope.departmentCode : undefined;
      if (!own) assertMayReadAlerts(p);
      return (await stores.alerts.channels())
        .filter((c) => !own || c.departmentCode === own)
        .map(publicChannel)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async createChannel(p: Principal, raw: ChannelInput): Promise<PublicChannel> {
      const m = channelManager(p);
      if (!m.admin && raw.departmentCode && raw.departmentCode !== m.department)
        throw errors.forbidden(`department ${raw.departmentCode} is outside your scope`, `部门 ${raw.departmentCode} 超出您的权限范围`);
      const input = m.admin ? raw : { ...raw, departmentCode: m.department };
      if (!m.admin) assertDepartmentTarget(input.kind, input.url);
      if (input.subscribe.length && !input.departmentCode)
        throw errors.badRequest('subscribe needs departmentCode', '订阅需指定部门', [
          {
            path: 'subscribe',
            code: 'invalid',
            message: 'subscribe needs departmentCode: the department whose notices the channel receives',
            messageZh: '订阅需指定部门（接收哪个部门的消息）',
          },
        ]);
      if (input.departmentCode && !(await stores.departments.get(input.departmentCode)))
        throw errors.badRequest(`no department ${input.departmentCode}`, `部门 ${input.departmentCode} 不存在`);
      const at = iso();
      const sealed = input.url ? { urlSealed: requireBox().seal(input.url), urlMasked: maskUrl(input.url) } : { urlMasked: '' };
      const ch: StoredChannel = {
        id: `ch-${randomBytes(5).toString('hex')}`,
        kind: input.kind,
        name: input.name,
        ...sealed,
        ...(input.recipients ? { recipients: input.recipients } : {}),
        ...(input.digestHour !== undefined ? { digestHour: input.digestHour } : {}),
        ...(input.secret ? { secretSealed: requireBox().seal(input.secret) } : {}),
        ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
        ...(input.subscribe.length ? { subscribe: input.subscribe } : {}),
        enabled: input.enabled,
        createdAt: at,
        updatedAt: at,
      };
      await stores.alerts.putChannel(ch, 'create');
      // The audit log names the channel, never its address or secret.
      await d.auth.audit(p, 'alert.channel.create', ch.id, {
        kind: ch.kind,
        name: ch.name,
        url: ch.urlMasked,
        ...(ch.recipients ? { recipients: ch.recipients } : {}),
        digestHour: ch.digestHour ?? null,
        secretSet: Boolean(input.secret),
        departmentCode: input.departmentCode ?? null,
        subscribe: input.subscribe,
      });
      return publicChannel(ch);
    },
    async updateChannel(p: Principal, id: string, patch: ChannelPatch): Promise<PublicChannel> {
      const m = channelManager(p);
      const old = await stores.alerts.channel(id);
      if (!old) throw errors.notFound(`no channel ${id}`, `推送渠道 ${id} 不存在`);
      assertChannelOf(m, old);
      if (!m.admin && patch.departmentCode !== undefined && patch.departmentCode !== m.department)
        throw errors.forbidden("a department user's channel stays with its department", '部门用户的推送渠道只能属于本部门');
      if (!m.admin && patch.url !== undefined) assertDepartmentTarget(old.kind, patch.url);
      const field = (path: string, en: string, zh: string) =>
        errors.badRequest(en, zh, [{ path, code: 'invalid', message: en, messageZh: zh }]);
      if (old.kind === 'email' && (patch.url !== undefined || typeof patch.secret === 'string'))
        throw field('url', 'an email channel has recipients, not a url or secret', '邮件渠道只需收件人，无地址和密钥');
      if (old.kind !== 'email' && patch.recipients !== undefined)
        throw field('recipients', 'recipients are for email channels', '收件人仅用于邮件渠道');
      const b = patch.url !== undefined || typeof patch.secret === 'string' ? requireBox() : box;
      const ch: StoredChannel = {
        ...old,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
        ...(patch.url !== undefined ? { urlSealed: b!.seal(patch.url), urlMasked: maskUrl(patch.url) } : {}),
        ...(patch.recipients !== undefined ? { recipients: patch.recipients } : {}),
        ...(typeof patch.digestHour === 'number' ? { digestHour: patch.digestHour } : {}),
        updatedAt: iso(),
      };
      if (patch.digestHour === null) delete ch.digestHour;
      if (patch.secret === null) delete ch.secretSealed;
      else if (typeof patch.secret === 'string') ch.secretSealed = b!.seal(patch.secret);
      if (patch.departmentCode === null) {
        delete ch.departmentCode;
        delete ch.subscribe;
      } else if (patch.departmentCode) ch.departmentCode = patch.departmentCode;
      if (patch.subscribe !== undefined) {
        if (patch.subscribe.length && !ch.departmentCode)
          throw errors.badRequest('subscribe needs departmentCode', '订阅需指定部门', [
            { path: 'subscribe', code: 'invalid', message: 'subscribe needs departmentCode', messageZh: '订阅需指定部门' },
          ]);
        if (patch.subscribe.length) ch.subscribe = patch.subscribe;
        else delete ch.subscribe;
      }
      await stores.alerts.putChannel(ch, 'replace');
      const { url: _u, secret: _s, ...visible } = patch;
      await d.auth.audit(p, 'alert.channel.update', id, {
        ...visible,
        ...(patch.url !== undefined ? { url: ch.urlMasked } : {}),
        ...(patch.secret !== undefined ? { secretChanged: true } : {}),
      });
      return publicChannel(ch);
    },
    async deleteChannel(p: Principal, id: string): Promise<void> {
      const m = channelManager(p);
      const old = await stores.alerts.channel(id);
      if (!old) throw errors.notFound(`no channel ${id}`, `推送渠道 ${id} 不存在`);
      assertChannelOf(m, old);
      const users = (await stores.alerts.rules()).filter((r) => r.channelIds.includes(id));
      if (users.length)
        throw errors.conflict(
          `channel ${id} is used by rule(s) ${users.map((r) => r.id).join(', ')}: remove it from them first`,
          `推送渠道 ${id} 正被预警规则 ${users.map((r) => r.id).join('、')} 使用，请先在规则中移除`,
        );
      if (!(await stores.alerts.deleteChannel(id))) throw errors.notFound(`no channel ${id}`, `推送渠道 ${id} 不存在`);
      await d.auth.audit(p, 'alert.channel.delete', id);
    },

    /**
     * The caller's inbox (消息): a department (key or department user) its own department's
     * notices; a region user those inside its region; everyone else all. Newest first.
     */
    async notices(p: Principal, q: { limit: number; unreadOnly?: boolean }) {
      const own = p.kind === 'department' ? p.departmentCode : p.scope.kind === 'department' ? p.scope.departmentCode : undefined;
      let list: StoredNotice[];
      if (own) list = await stores.alerts.notices({ department: own, limit: INBOX_SIZE });
      else if (p.kind === 'user' && p.scope.kind === 'region') {
        const root = p.scope.regionCode;
        list = (await stores.alerts.notices({ limit: INBOX_SIZE * 5 }))
          .filter((n) => inRegion(root, n.regionCode ?? undefined))
          .slice(0, INBOX_SIZE);
      } else list = await stores.alerts.notices({ limit: INBOX_SIZE });
      const read = await stores.alerts.readIds(recipientOf(p));
      const rows = list.map((n) => ({ ...n, read: read.has(n.id) }));
      const unread = rows.filter((n) => !n.read).length;
      return { unread, notices: (q.unreadOnly ? rows.filter((n) => !n.read) : rows).slice(0, q.limit) };
    },
    async markRead(p: Principal, id: string) {
      const n = await stores.alerts.notice(id);
      // A notice outside the caller's scope answers as if it did not exist.
      const visible =
        n &&
        (p.kind === 'department'
          ? n.department === p.departmentCode
          : p.scope.kind === 'department'
            ? n.department === p.scope.departmentCode
            : p.scope.kind === 'region'
              ? inRegion(p.scope.regionCode, n.regionCode ?? undefined)
              : true);
      if (!n || !visible) throw errors.notFound(`no notice ${id}`, `消息 ${id} 不存在`);
      await stores.alerts.markRead(recipientOf(p), id, iso(), Math.floor(now().getTime() / 1000) + READ_MARK_DAYS * 86_400);
      return { id, read: true };
    },

    async deliveries(p: Principal, q: { limit: number }) {
      assertMayReadAlerts(p);
      return { deliveries: await stores.alerts.deliveries(q.limit) };
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;

// Alerts contract (预警与订阅): rules, delivery channels (webhooks), notices and the delivery log,
// as the API accepts and answers them. Secrets (robot URLs carry their key, signing secrets) are
// accepted here and never answered: the API says `secretSet: true` and shows a masked URL.
import { z } from 'zod';
import { DepartmentCode } from './catalog.js';
import { RegionCode } from './records.js';

export const RULE_KINDS = [
  'warning_cards',
  'feed_silent',
  'feed_rejects',
  'pipeline',
  'report_published',
  'rate_below',
  'complaints_late',
] as const; // 红黄牌 / 数据断供 / 退回过多 / 处理状态 / 月度报告 / 指标低于目标 / 投诉超时未响应
export type RuleKind = (typeof RULE_KINDS)[number];

export const RuleScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('city') }),
  z.strictObject({ kind: z.literal('region'), regionCode: RegionCode }),
  z.strictObject({ kind: z.literal('department'), departmentCode: DepartmentCode }),
]);
export type RuleScope = z.infer<typeof RuleScope>;

/** Parameters per kind; each has defaults, so `{}` is always valid. */
export const RuleParams = z.strictObject({
  levels: z
    .array(z.enum(['red', 'yellow']))
    .min(1)
    .optional()
    .describe('warning_cards: which cards to report (default red and yellow)'),
  days: z
    .number()
    .int()
    .min(1)
    .max(90)
    .optional()
    .describe(
      'feed_silent: days without a record (default 3); feed_rejects: the window in days (default 7); complaints_late: complaints received in the last N days (default 60)',
    ),
  rejectShare: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('feed_rejects: notify when more than this share of the records sent were rejected (default 0.1)'),
  reportScopes: z
    .array(z.enum(['city', 'county', 'department']))
    .min(1)
    .optional()
    .describe('report_published, rate_below: which monthly reports (default all)'),
  metric: z.enum(['onTimeRate', 'satisfactionRate']).optional().describe('rate_below: the figure (default onTimeRate 按期办结率)'),
  target: z.number().min(0).max(1).optional().describe("rate_below: notify when the month's rate is below this (default 0.95)"),
  minCount: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .optional()
    .describe(
      'rate_below with onTimeRate: only units with at least this many completed cases (default 30); feed_rejects: records sent in the window (default 20)',
    ),
});
export type RuleParams = z.infer<typeof RuleParams>;

export const RuleInput = z.strictObject({
  kind: z.enum(RULE_KINDS),
  name: z.string().min(1).max(100).optional().describe('a label, e.g. 全市红黄牌日报'),
  scope: RuleScope,
  params: RuleParams.default({}),
  enabled: z.boolean().default(true),
  channelIds: z
    .array(z.string().min(1).max(40))
    .max(20)
    .default([])
    .describe("webhook channels that receive this rule's notices (the in-app inbox always does)"),
});
export type RuleInput = z.infer<typeof RuleInput>;

export const RulePatch = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  scope: RuleScope.optional(),
  params: RuleParams.optional(),
  enabled: z.boolean().optional(),
  channelIds: z.array(z.string().min(1).max(40)).max(20).optional(),
});
export type RulePatch = z.infer<typeof RulePatch>;

export const AlertRule = z.object({
  id: z.string(),
  kind: z.enum(RULE_KINDS),
  name: z.string(),
  scope: RuleScope,
  params: RuleParams,
  enabled: z.boolean(),
  channelIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const CHANNEL_KINDS = ['wecom', 'dingtalk', 'webhook', 'email'] as const; // 企业微信群机器人 / 钉钉群机器人 / 通用 JSON / 电子邮件 (SMTP)
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const WebhookUrl = z
  .string()
  .url()
  .max(2000)
  .refine(
    (u) => {
      try {
        const url = new URL(u);
        // Plain http only to this machine (a local sink, tests); anything else must be https.
        return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
      } catch {
        return false;
      }
    },
    { error: 'url: https, or http to 127.0.0.1/localhost' },
  );

const Recipients = z.array(z.email().max(254)).min(1).max(50);
/** Hour of the day (Asia/Shanghai) a daily digest (每日摘要) is sent; absent: each notice at once. */
const DigestHour = z.number().int().min(0).max(23);

export const ChannelInput = z
  .strictObject({
    kind: z.enum(CHANNEL_KINDS),
    name: z.string().min(1).max(100),
    url: WebhookUrl.optional().describe(
      "wecom, dingtalk, webhook (required): the robot's webhook address (with its key / access_token) or your endpoint; stored encrypted, never answered",
    ),
    recipients: Recipients.optional().describe(
      'email (required): the addresses that receive the messages, through the SMTP setting (PUT /v1/alerts/smtp)',
    ),
    digestHour: DigestHour.optional().describe(
      "a daily digest (每日摘要) instead of one message per notice: the day's notices in one message, sent once a day at this hour (Asia/Shanghai, 0–23)",
    ),
    secret: z
      .string()
      .min(8)
      .max(200)
      .optional()
      .describe('钉钉 加签 secret (SEC…) or the HMAC secret of a generic webhook; stored encrypted, never answered'),
    departmentCode: DepartmentCode.optional().describe(
      "only notices about this department (a department's own robot); a department user's channel is always its own department's",
    ),
    subscribe: z
      .array(z.enum(RULE_KINDS))
      .max(RULE_KINDS.length)
      .default([])
      .describe(
        'with departmentCode: kinds of notice about that department this channel receives from every rule, without being named in the rule (订阅)',
      ),
    enabled: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'email') {
      if (!c.recipients) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'an email channel needs recipients' });
      if (c.url !== undefined || c.secret !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [c.url !== undefined ? 'url' : 'secret'],
          message: 'an email channel has recipients, not a url or secret (the SMTP setting holds the server)',
        });
    } else {
      if (!c.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a webhook channel needs a url' });
      if (c.recipients !== undefined) ctx.addIssue({ code: 'custom', path: ['recipients'], message: 'recipients are for email channels' });
    }
  });
export type ChannelInput = z.infer<typeof ChannelInput>;

export const ChannelPatch = z.strictObject({
  name: z.string().min(1).max(100).optional(),
  url: WebhookUrl.optional(),
  recipients: Recipients.optional().describe('email channels only'),
  digestHour: DigestHour.nullable().optional().describe('null: each notice at once again'),
  secret: z.string().min(8).max(200).nullable().optional().describe('null removes the secret'),
  departmentCode: DepartmentCode.nullable().optional(),
  subscribe: z.array(z.enum(RULE_KINDS)).max(RULE_KINDS.length).optional(),
  enabled: z.boolean().optional(),
});
export type ChannelPatch = z.infer<typeof ChannelPatch>;

export const PublicChannel = z.object({
  id: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  name: z.string(),
  urlMasked: z.string().describe('scheme, host and path; the query (robot key, token) is hidden (email: empty)'),
  recipients: z.array(z.string()).describe('email channels: the addresses; [] for webhooks'),
  digestHour: z.number().nullable().describe('the hour (Asia/Shanghai) of the daily digest; null: each notice at once'),
  secretSet: z.boolean(),
  departmentCode: z.string().nullable(),
  subscribe: z.array(z.enum(RULE_KINDS)),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PublicChannel = z.infer<typeof PublicChannel>;

export const Notice = z.object({
  id: z.string(),
  dedupeKey: z.string(),
  ruleId: z.string(),
  kind: z.enum(RULE_KINDS),
  department: z.string().nullable(),
  regionCode: z.string().nullable(),
  period: z.string(),
  title: z.string(),
  titleEn: z.string(),
  text: z.string().describe('markdown, Chinese'),
  textEn: z.string(),
  link: z.string().describe('dashboard path (hash route) of the list or case that caused it'),
  createdAt: z.string(),
  read: z.boolean(),
});

export const Delivery = z.object({
  id: z.string(),
  noticeId: z.string().describe("the notice; for a daily digest, the digest's own id"),
  digestOf: z.array(z.string()).optional().describe('a daily digest: the notices it holds'),
  dedupeKey: z.string(),
  channelId: z.string(),
  channelKind: z.enum(CHANNEL_KINDS),
  channelName: z.string(),
  status: z.enum(['pending', 'sent', 'failed']).describe('failed: gave up after the last attempt'),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  log: z.array(z.object({ at: z.string(), ok: z.boolean(), statusCode: z.number().nullable(), error: z.string().nullable() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * The SMTP server e-mail channels send through (邮件服务器设置): one per city. The password is
 * stored encrypted like webhook secrets and never answered (`passwordSet`).
 */
export const SmtpInput = z.strictObject({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535).default(465),
  security: z
    .enum(['tls', 'starttls', 'none'])
    .default('tls')
    .describe(
      'tls: TLS from the first byte (port 465); starttls: upgrade required (port 587); none: plain (a relay on this machine or network only)',
    ),
  user: z.string().min(1).max(254).optional(),
  password: z.string().min(1).max(500).optional().describe('stored encrypted, never answered; omitted on a change: the stored one is kept'),
  from: z.string().min(3).max(320).describe('the sender, e.g. "ServicePulse 预警 <alerts@example.gov.cn>"'),
});
export type SmtpInput = z.infer<typeof SmtpInput>;

export const PublicSmtp = z.object({
  configured: z.boolean(),
  host: z.string().nullable(),
  port: z.number().nullable(),
  security: z.enum(['tls', 'starttls', 'none']).nullable(),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  from: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PublicSmtp = z.infer<typeof PublicSmtp>;

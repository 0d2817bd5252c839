// Turns schema issues into the errors a department integrator reads: a field path, a stable rule
// code, and a message in English and Chinese that says what to send instead.
import type { z } from 'zod';

export interface FieldError {
  path: string; // e.g. materials[2].code
  code: string; // stable rule name, e.g. not_one_of
  message: string;
  messageZh: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out;
}

/** Messages for the rules named in the schemas (custom error keys) — one place for both languages. */
const RULES: Record<string, { code: string; en: string; zh: string }> = {
  id_chars: {
    code: 'id_format',
    en: 'must be 1–128 characters of A-Z a-z 0-9 . _ : -',
    zh: '须为 1–128 个字符，只能包含字母、数字和 . _ : -',
  },
  item_code_chars: {
    code: 'item_code_format',
    en: 'must be 1–64 characters of A-Z a-z 0-9 . _ : -',
    zh: '事项编码须为 1–64 个字符，只能包含字母、数字和 . _ : -',
  },
  region_code: {
    code: 'region_code_format',
    en: 'must be a 12-digit administrative division code (行政区划代码), e.g. 370303001000',
    zh: '须为 12 位行政区划代码，例如 370303001000',
  },
  instant: {
    code: 'instant_format',
    en: 'must be an ISO 8601 date-time with an offset or Z, e.g. 2024-03-01T09:30:00+08:00',
    zh: '须为带时区偏移或 Z 的 ISO 8601 时间，例如 2024-03-01T09:30:00+08:00',
  },
  material_twice: {
    code: 'duplicate_material',
    en: 'this material code appears more than once in the case; send each code at most once',
    zh: '同一材料编码在本办件中出现多次，每个编码最多出现一次',
  },
  promised_over_statutory: {
    code: 'promised_over_statutory',
    en: 'promisedDays must not exceed statutoryDays (unless statutoryDays is 0, no statutory limit)',
    zh: '承诺时限不得超过法定时限（法定时限为 0 表示无法定时限的除外）',
  },
  level_twice: { code: 'duplicate_level', en: 'this level is listed more than once', zh: '层级重复' },
  material_code_chars: {
    code: 'material_code_format',
    en: 'must be 1–64 characters of A-Z a-z 0-9 . _ : -',
    zh: '材料编码须为 1–64 个字符，只能包含字母、数字和 . _ : -',
  },
  holds_resident_id: {
    code: 'personal_data',
    en: "holds a resident ID number (身份证号); ids and codes must not carry personal data — use your system's own case number",
    zh: '含有居民身份证号；编号不得包含个人信息，请使用本系统的办件编号',
  },
  holds_mobile: {
    code: 'personal_data',
    en: "holds a mobile phone number; ids and codes must not carry personal data — use your system's own case number",
    zh: '含有手机号码；编号不得包含个人信息，请使用本系统的办件编号',
  },
  offset_range: {
    code: 'offset_range',
    en: 'the offset must be between -14:00 and +14:00, e.g. +08:00',
    zh: '时区偏移须在 -14:00 与 +14:00 之间，例如 +08:00',
  },
  before_calendar: {
    code: 'before_calendar',
    en: 'must be on or after 2019-01-01 (Asia/Shanghai), where the working-day calendar starts',
    zh: '须不早于 2019-01-01（北京时间），工作日历自该日起',
  },
  licence_code_chars: {
    code: 'licence_code_format',
    en: 'must be 1–40 characters of A-Z a-z 0-9 . _ -',
    zh: '证照类型编码须为 1–40 个字符，只能包含字母、数字和 . _ -',
  },
  licence_needs_e_license: {
    code: 'licence_needs_e_license',
    en: 'a licence type is named only for a material exempted by e-licence: set exemption to e_license (电子证照) or leave licenceCode empty',
    zh: '只有免提交方式为“电子证照”的材料才填写电子证照类型：请将免提交方式设为电子证照，或清空证照类型编码',
  },
  date_format: { code: 'date_format', en: 'must be a date YYYY-MM-DD', zh: '须为 YYYY-MM-DD 格式的日期' },
};

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

export function issueToErrors(issue: z.core.$ZodIssue, input?: unknown): FieldError[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({
        path: formatPath([...issue.path, k]),
        code: 'unknown_field',
        message: 'is not a field of this record type; remove it (personal data such as names, ID or phone numbers is never accepted)',
        messageZh: '不是该记录类型的字段，请删除（不接受姓名、身份证号、手机号等个人信息）',
      }));
    case 'invalid_type': {
      const received = valueAt(input, issue.path);
      if (received === undefined) {
        return [{ path, code: 'required', message: `is required (${issue.expected})`, messageZh: `必填字段（${zhType(issue.expected)}）` }];
      }
      return [
        {
          path,
          code: 'wrong_type',
          message: `must be ${issue.expected}, got ${typeName(received)}`,
          messageZh: `类型应为${zhType(issue.expected)}，实际为 ${typeName(received)}`,
        },
      ];
    }
    case 'invalid_value': {
      const list = issue.values.map(String).join(', ');
      return [{ path, code: 'not_one_of', message: `must be one of ${list}`, messageZh: `须为以下取值之一：${list}` }];
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const opts = ((issue as { options?: unknown[] }).options ?? []).map(String).join(', ');
        return [{ path, code: 'unknown_type', message: `must be one of ${opts}`, messageZh: `记录类型须为以下之一：${opts}` }];
      }
      return [{ path, code: 'invalid', message: 'does not match any allowed form', messageZh: '不符合任何允许的格式' }];
    }
    case 'too_small':
      if (issue.origin === 'string')
        return [
          {
            path,
            code: 'too_short',
            message: `must have at least ${issue.minimum} character(s)`,
            messageZh: `至少 ${issue.minimum} 个字符`,
          },
        ];
      if (issue.origin === 'array')
        return [
          { path, code: 'too_few', message: `must have at least ${issue.minimum} element(s)`, messageZh: `至少 ${issue.minimum} 项` },
        ];
      return [{ path, code: 'too_small', message: `must be at least ${issue.minimum}`, messageZh: `不得小于 ${issue.minimum}` }];
    case 'too_big':
      if (issue.origin === 'string')
        return [
          { path, code: 'too_long', message: `must have at most ${issue.maximum} characters`, messageZh: `最多 ${issue.maximum} 个字符` },
        ];
      if (issue.origin === 'array')
        return [{ path, code: 'too_many', message: `must have at most ${issue.maximum} elements`, messageZh: `最多 ${issue.maximum} 项` }];
      return [{ path, code: 'too_big', message: `must be at most ${issue.maximum}`, messageZh: `不得大于 ${issue.maximum}` }];
    case 'invalid_format':
    case 'custom': {
      const rule = RULES[issue.message];
      if (rule) return [{ path, code: rule.code, message: rule.en, messageZh: rule.zh }];
      return [{ path, code: 'invalid_format', message: issue.message, messageZh: '格式不正确' }];
    }
    default:
      return [{ path, code: 'invalid', message: issue.message, messageZh: '取值不正确' }];
  }
}

export function zodErrors(error: z.ZodError, input?: unknown): FieldError[] {
  const out = error.issues.flatMap((i) => issueToErrors(i, input));
  // A missing field can be reported both as required and inside a union; keep one per path+code.
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = e.path + e.code;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function zhType(t: string): string {
  return (
    ({ string: '字符串', number: '数字', int: '整数', boolean: '布尔值', object: '对象', array: '数组' } as Record<string, string>)[t] ?? t
  );
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = input;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

export function fieldError(path: string, code: string, message: string, messageZh: string): FieldError {
  return { path, code, message, messageZh };
}

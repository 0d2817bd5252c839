// Personal data (个人信息): the masking corpus for free text, and the refusal of sender ids and
// codes that are or hold a resident ID or a mobile number.
import { describe, expect, it } from 'vitest';
import { isResidentId, maskPersonalData, personalDataIn, residentIdCheck } from '../../shared/contract/pii.js';

const ID17 = '37030319900101123';
const ID = `${ID17}${residentIdCheck(ID17)}`; // a valid 18-character resident ID
const IDX17 = '37030319851231002';
const IDX = `${IDX17}${residentIdCheck(IDX17)}`;
const MOBILE = '13812345678';
const ZW = '\u200B';
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const spaced = (s: string, groups: number[], sep: string) => {
  const parts: string[] = [];
  let i = 0;
  for (const g of groups) {
    parts.push(s.slice(i, i + g));
    i += g;
  }
  return parts.join(sep);
};

/** Every way a resident ID was seen written in complaint summaries and comments. */
const ID_FORMS: Array<[string, string]> = [
  ['plain', ID],
  ['ID prefix', `ID${ID}`],
  ['id prefix lower', `id${ID}`],
  ['glued letters after', `${ID}abc`],
  ['Chinese before', `身份证号${ID}`],
  ['Chinese after', `${ID}的申请人`],
  ['name glued', `张三${ID}`],
  ['colon', `身份证：${ID}`],
  ['space 6-8-4', spaced(ID, [6, 8, 4], ' ')],
  ['hyphen 6-8-4', spaced(ID, [6, 8, 4], '-')],
  ['space 6-4-4-4', spaced(ID, [6, 4, 4, 4], ' ')],
  ['hyphen 6-4-4-4', spaced(ID, [6, 4, 4, 4], '-')],
  ['dots', spaced(ID, [6, 8, 4], '.')],
  ['groups of 3', spaced(ID, [3, 3, 3, 3, 3, 3], ' ')],
  ['full-width digits', fullWidth(ID)],
  ['full-width with prefix', `ＩＤ${fullWidth(ID)}`],
  ['zero-width inside', `${ID.slice(0, 9)}${ZW}${ID.slice(9)}`],
  ['many zero-width', ID.split('').join(ZW)],
  ['word joiner', `${ID.slice(0, 6)}\u2060${ID.slice(6)}`],
  ['BOM inside', `${ID.slice(0, 3)}\uFEFF${ID.slice(3)}`],
  ['soft hyphen', `${ID.slice(0, 10)}\u00AD${ID.slice(10)}`],
  ['ideographic space', spaced(ID, [6, 8, 4], '\u3000')],
  ['in brackets', `（${ID}）`],
  ['in quotes', `“${ID}”`],
  ['X check, upper', IDX],
  ['x check, lower', IDX.toLowerCase()],
  ['X with prefix', `ID${IDX}`],
  ['tab separated', spaced(ID, [6, 8, 4], '\t')],
  ['two in a row', `${ID}，${IDX}`],
  ['at the end of a sentence', `申请人身份证号为${ID}。`],
];

/** Every way a mobile number was seen written. */
const MOBILE_FORMS: Array<[string, string]> = [
  ['plain', MOBILE],
  ['+86', `+86${MOBILE}`],
  ['86', `86${MOBILE}`],
  ['0086', `0086${MOBILE}`],
  ['+86 space', `+86 ${MOBILE}`],
  ['+86-', `+86-${MOBILE}`],
  ['3-4-4 hyphen', spaced(MOBILE, [3, 4, 4], '-')],
  ['3-4-4 space', spaced(MOBILE, [3, 4, 4], ' ')],
  ['3-4-4 dot', spaced(MOBILE, [3, 4, 4], '.')],
  ['+86 3-4-4', `+86 ${spaced(MOBILE, [3, 4, 4], ' ')}`],
  ['full-width', fullWidth(MOBILE)],
  ['full-width plus', `＋８６${fullWidth(MOBILE)}`],
  ['zero-width inside', `138${ZW}1234${ZW}5678`],
  ['Chinese before', `电话${MOBILE}`],
  ['Chinese after', `${MOBILE}联系我`],
  ['letters before', `tel${MOBILE}`],
  ['colon', `手机：${MOBILE}`],
  ['in brackets', `(${MOBILE})`],
  ['other prefix 15', '15912345678'],
  ['19x', '19912345678'],
  ['17x', '17712345678'],
  ['two numbers', `${MOBILE}或15912345678`],
];

/** Digits that are not personal data stay as they were. */
const LEFT_ALONE = [
  '办件编号 37030320240301000123',
  '20240301093000123456',
  '金额 1380 元',
  '2024-03-01 09:30',
  '等待了 12 个工作日',
  '事项编码 511A0138000000-511602000000',
  '电话 0533-2345678',
  '12345 热线转办',
];

describe('free-text masking corpus', () => {
  it(`masks every one of ${ID_FORMS.length + MOBILE_FORMS.length} variants (≥ 50)`, () => {
    expect(ID_FORMS.length + MOBILE_FORMS.length).toBeGreaterThanOrEqual(50);
  });
  it.each(ID_FORMS)('resident ID, %s', (_name, text) => {
    const out = maskPersonalData(`投诉内容：${text} 请处理`);
    const digits = out.replace(/\D/g, '');
    expect(digits, out).not.toContain('19900101');
    expect(digits, out).not.toContain('19851231');
    expect(out).toContain('********');
  });
  it.each(MOBILE_FORMS)('mobile number, %s', (_name, text) => {
    const out = maskPersonalData(`请回电 ${text} 谢谢`);
    expect(out.replace(/\D/g, ''), out).not.toMatch(/1[3-9]\d1234/);
    expect(out).toContain('****');
  });
  it.each(LEFT_ALONE)('leaves alone: %s', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });
  it('keeps the first 6 and last 4 of an ID, the first 3 and last 4 of a mobile', () => {
    expect(maskPersonalData(`ID${ID}`)).toBe(`ID370303********${ID.slice(-4)}`);
    expect(maskPersonalData(`+86 138-1234-5678`)).toBe('+86 138****5678');
  });
});

describe('personal data in sender ids and codes', () => {
  it('knows a resident ID by its birth date and check character', () => {
    expect(isResidentId(ID)).toBe(true);
    expect(isResidentId(IDX)).toBe(true);
    expect(isResidentId(`${ID17}${residentIdCheck(ID17) === '0' ? '1' : '0'}`)).toBe(false); // wrong check
    expect(isResidentId('370303199013011236')).toBe(false); // month 13
  });
  it.each([
    ['an ID', ID],
    ['an ID glued to a name', `张三${ID}`.replace('张三', 'ZS')],
    ['an ID with a prefix', `C-${ID}`],
    ['an ID with hyphens', spaced(ID, [6, 8, 4], '-')],
    ['an ID inside a longer number', `99${ID}`],
    ['an ID with X', `A${IDX}`],
  ])('refuses %s', (_n, id) => expect(personalDataIn(id)).toBe('resident_id'));
  it.each([
    ['a mobile', MOBILE],
    ['+86 mobile', `+86${MOBILE}`],
    ['86 mobile', `86${MOBILE}`],
    ['0086 mobile', `0086${MOBILE}`],
    ['a mobile in an id', `case-${MOBILE}`],
    ['hyphenated', '138-1234-5678'],
    ['colon separated', '138:1234:5678'],
  ])('refuses %s', (_n, id) => expect(personalDataIn(id)).toBe('mobile'));
  it.each([
    ['a 20-digit 办件编号', '37030320240301000123'],
    ['another 20-digit number', '11370300MB2840123X00'.replace('X', '9')],
    ['a plain case id', 'C-2024-000123'],
    ['an 18-digit number that is no ID (check)', `${ID17}${residentIdCheck(ID17) === '0' ? '1' : '0'}`],
    ['a material code', 'M01'],
    ['a 12-digit region', '370303001000'],
  ])('keeps %s', (_n, id) => expect(personalDataIn(id)).toBeNull());
});

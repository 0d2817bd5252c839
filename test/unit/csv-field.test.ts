// One CSV field rule for every export: formula-like text made inert, quoting as RFC 4180.
import { describe, expect, it } from 'vitest';
import { csvField } from '../../shared/csv-field.js';
import { toCsv } from '../../web/src/format/csv';

describe('csv fields', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+86 138', "'+86 138"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['普通文本', '普通文本'],
    ['a,b', '"a,b"'],
  ])('text %j is written %j', (v, out) => expect(csvField(v)).toBe(out));
  it('leaves numbers as numbers (a negative number stays one) and blanks empty', () => {
    expect(csvField(-2.5)).toBe('-2.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Number.NaN)).toBe('');
  });
  it('the dashboard download uses the same rule', () => {
    expect(toCsv(['a'], [['=cmd']])).toContain("'=cmd");
  });
});

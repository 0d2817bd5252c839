// The dashboard's number, date and CSV formatting (web/src/format): per locale, "—" for a rate
// without denominator, changes in % for counts and in percentage points for rates, dates as
// Asia/Shanghai civil dates whatever the machine's time zone (run again under three TZs).
import { describe, expect, it } from 'vitest';
import { BOM, csvFileName, parseCsv, toCsv } from '../../web/src/format/csv';
import {
  DASH,
  changeOf,
  elapsedSince,
  formatChange,
  formatCount,
  formatDate,
  formatDays,
  formatInstant,
  formatMonth,
  formatPeriod,
  formatRate,
  formatShortDate,
} from '../../web/src/format/format';

const units = { pp: '个百分点', days: '个工作日' };

describe('numbers', () => {
  it('formats counts, rates and days per locale, and never shows a missing rate as 0%', () => {
    expect(formatCount(1234567, 'zh-CN')).toBe('1,234,567');
    expect(formatCount(1234567, 'en')).toBe('1,234,567');
    expect(formatRate(0.95238, 'zh-CN')).toBe('95.2%');
    expect(formatRate(1, 'en')).toBe('100.0%');
    expect(formatRate(0, 'en')).toBe('0.0%');
    expect(formatRate(null, 'zh-CN')).toBe(DASH);
    expect(formatRate(undefined, 'en')).toBe('—');
    expect(formatDays(3.25, 'zh-CN')).toBe('3.3');
    expect(formatDays(null, 'zh-CN')).toBe('—');
    expect(formatCount(Number.NaN, 'en')).toBe('—');
  });

  it('gives changes of counts in percent and of rates in percentage points', () => {
    expect(changeOf('count', 110, 100)).toEqual({ delta: expect.closeTo(10, 9), direction: 'up' });
    expect(changeOf('count', 5, 0)).toEqual({ delta: null, direction: 'none' }); // no percentage of nothing
    expect(changeOf('rate', 0.9, 0.95)).toEqual({ delta: expect.closeTo(-5, 9), direction: 'down' });
    expect(changeOf('rate', 0.9, null)).toEqual({ delta: null, direction: 'none' });
    expect(changeOf('rate', 0.9, 0.9004)).toMatchObject({ direction: 'flat' });
    expect(formatChange('count', changeOf('count', 110, 100), 'zh-CN', units)).toBe('+10.0%');
    expect(formatChange('rate', changeOf('rate', 0.9, 0.95), 'zh-CN', units)).toBe('−5.0 个百分点');
    expect(formatChange('rate', changeOf('rate', 0.95, 0.9), 'en', { pp: 'pp', days: 'working days' })).toBe('+5.0 pp');
    expect(formatChange('days', changeOf('days', 2, 2), 'zh-CN', units)).toBe('±0.0 个工作日');
    expect(formatChange('count', changeOf('count', 1, 0), 'zh-CN', units)).toBe('—');
  });
});

describe('dates', () => {
  it('formats civil dates without a time-zone shift', () => {
    expect(formatDate('2026-01-01', 'zh-CN')).toBe('2026年1月1日');
    expect(formatDate('2026-12-31', 'en')).toBe('Dec 31, 2026');
    expect(formatShortDate('2026-11-05', 'zh-CN')).toBe('11/5');
    expect(formatShortDate('2026-11-05', 'en')).toBe('Nov 5');
    expect(formatMonth('2026-03-15', 'zh-CN')).toBe('2026年3月');
    expect(formatPeriod('2026-11-01', '2026-11-27', 'zh-CN')).toBe('2026年11月1日 – 2026年11月27日');
    expect(formatPeriod('2026-11-01', '2026-11-01', 'en')).toBe('Nov 1, 2026');
    expect(formatDate(null, 'en')).toBe('—');
  });

  it('shows instants in Asia/Shanghai', () => {
    // 16:30 UTC is 00:30 the next day in Shanghai.
    expect(formatInstant('2026-03-01T16:30:00Z', 'zh-CN')).toBe('2026/03/02 00:30');
    expect(formatInstant(null, 'zh-CN')).toBe('—');
  });

  it('says how long ago a feed last sent a record', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(elapsedSince('2026-11-27T11:15:00Z', now)).toEqual({ unit: 'minutes', n: 45 });
    expect(elapsedSince('2026-11-26T10:00:00Z', now)).toEqual({ unit: 'hours', n: 26 });
    expect(elapsedSince('2026-11-20T12:00:00Z', now)).toEqual({ unit: 'days', n: 7 });
    expect(elapsedSince(null, now)).toBeNull();
  });
});

describe('CSV', () => {
  it('starts with a BOM, quotes what needs quoting, and round-trips', () => {
    const text = toCsv(
      ['部门', '按期办结率', '说明'],
      [
        ['淄博市市场监督管理局', 0.9523809523809523, '含,逗号'],
        ['D-CL', null, '引号"内'],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toContain('\r\n');
    expect(text).toContain('"含,逗号"');
    expect(text).toContain('"引号""内"');
    expect(parseCsv(text)).toEqual([
      ['部门', '按期办结率', '说明'],
      ['淄博市市场监督管理局', '0.9523809523809523', '含,逗号'],
      ['D-CL', '', '引号"内'],
    ]);
  });

  it('keeps Excel from running a cell as a formula', () => {
    expect(parseCsv(toCsv(['x'], [['=1+1'], ['-3'], [-3]]))).toEqual([['x'], ["'=1+1"], ["'-3"], ['-3']]);
  });

  it('names files without characters Windows refuses', () => {
    expect(csvFileName(['按期办结率（按部门排名）', '2026-11-01', '2026-11-27'])).toBe(
      '按期办结率（按部门排名）-2026-11-01-2026-11-27.csv',
    );
    expect(csvFileName(['a/b: c'])).toBe('a_b_c.csv');
  });
});

describe('chart labels', () => {
  it('fits a label on two lines, breaking Latin text between words', async () => {
    const { wrapLabel, visibleLength } = await import('../../web/src/components/charts/label-text');
    expect(visibleLength('张店区')).toBe(3);
    expect(wrapLabel('张店区行政审批服务局', 12)).toEqual(['张店区行政审批服务局']);
    expect(wrapLabel('淄博市人力资源和社会保障局', 8)).toEqual(['淄博市人力资源和', '社会保障局']);
    expect(wrapLabel('淄博市住房公积金管理中心个人贷款材料', 6)).toEqual(['淄博市住房公', '积金管理中…']);
    expect(wrapLabel('Zibo Human Resources and Social Security Bureau', 14)).toEqual([
      'Zibo Human Resources and',
      'Social Security Bureau',
    ]);
    expect(wrapLabel('Zibo Human Resources and Social Security Bureau', 8)).toEqual(['Zibo Human', 'Resources…']);
  });
});

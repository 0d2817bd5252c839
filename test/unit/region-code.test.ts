// The division-code structure (shared/region-code.ts), on real Zibo codes.
import { describe, expect, it } from 'vitest';
import {
  countyFromSix,
  countyOf,
  countySix,
  isCityLevelCode,
  isCountyCode,
  levelOfRegion,
  regionGrain,
  structuralParent,
  structurallyWithin,
  townOf,
} from '../../shared/region-code.js';

describe('division codes (行政区划代码)', () => {
  it.each([
    ['370300000000', 'city'], // 淄博市
    ['370303000000', 'county'], // 张店区
    ['370303001000', 'street'], // 张店区车站街道
    ['370305100000', 'town'], // 临淄区齐都镇
    ['370303001101', 'community'],
    ['370305100201', 'village'],
  ] as const)('%s is at level %s', (code, level) => {
    expect(levelOfRegion(code)).toBe(level);
  });

  it('finds the county and township a code lies in', () => {
    expect(countyOf('370305100201')).toBe('370305000000');
    expect(townOf('370305100201')).toBe('370305100000');
    expect(countyOf('370300000000')).toBeUndefined();
    expect(townOf('370305000000')).toBeUndefined();
    expect(countySix('370305100201')).toBe('370305');
    expect(countyFromSix('370305')).toBe('370305000000');
    expect(isCountyCode('370305000000')).toBe(true);
    expect(isCountyCode('370305100000')).toBe(false);
    expect(isCityLevelCode('370300000000')).toBe(true);
    expect(regionGrain('370305000000')).toBe('county');
    expect(regionGrain('370305100000')).toBe('town');
  });

  it('walks up village → township → county → city → province', () => {
    const chain: string[] = [];
    for (let c: string | null = '370305100201'; c; c = structuralParent(c)) chain.push(c);
    expect(chain).toEqual(['370305100201', '370305100000', '370305000000', '370300000000', '370000000000']);
    expect(structuralParent('3703')).toBeNull();
  });

  it('decides membership by structure, not by a prefix of stripped zeros', () => {
    // 齐都镇 370305100 stripped of zeros is "3703051", a prefix of 皇城镇 370305101: not inside it.
    expect(structurallyWithin('370305101000', '370305100000')).toBe(false);
    expect(structurallyWithin('370305100201', '370305100000')).toBe(true);
    expect(structurallyWithin('370305100000', '370305000000')).toBe(true);
    expect(structurallyWithin('370303000000', '370305000000')).toBe(false);
    expect(structurallyWithin('370305000000', '370305000000')).toBe(true);
  });
});

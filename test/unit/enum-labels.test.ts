// The enumerations' labels live in one {zh, en} table each (shared/labels.ts): the dashboard's
// dictionaries show exactly those labels under `<prefix>.<value>`, for every value of the contract.
import { describe, expect, it } from 'vitest';
import {
  AGE_BANDS,
  ASSISTED,
  CHANNELS,
  EXEMPTIONS,
  LEVELS,
  MATERIAL_KINDS,
  OUTCOMES,
  SATISFACTION,
  SUSPEND_REASONS,
} from '../../shared/enums.js';
import {
  AGE_BAND_LABELS,
  ASSISTED_LABELS,
  CHANNEL_LABELS,
  EXEMPTION_LABELS,
  LEVEL_LABELS,
  MATERIAL_KIND_LABELS,
  OUTCOME_LABELS,
  SATISFACTION_LABELS,
  SUSPEND_REASON_LABELS,
  type Label,
} from '../../shared/labels.js';
import { catalogs, type MessageKey } from '../../web/src/i18n/messages';

const TABLES: Array<[string, readonly string[], Record<string, Label>]> = [
  ['channel', CHANNELS, CHANNEL_LABELS],
  ['level', LEVELS, LEVEL_LABELS],
  ['exemption', EXEMPTIONS, EXEMPTION_LABELS],
  ['materialKind', MATERIAL_KINDS, MATERIAL_KIND_LABELS],
  ['suspend', SUSPEND_REASONS, SUSPEND_REASON_LABELS],
  ['outcome', OUTCOMES, OUTCOME_LABELS],
  ['ageBand', AGE_BANDS, AGE_BAND_LABELS],
  ['assisted', ASSISTED, ASSISTED_LABELS],
  ['satisfaction', SATISFACTION, SATISFACTION_LABELS],
];

describe('enumeration labels', () => {
  it('label every value of the contract once, and the dashboard shows them in both languages', () => {
    for (const [prefix, values, table] of TABLES) {
      expect(Object.keys(table).sort(), prefix).toEqual([...values].sort());
      for (const v of values) {
        const key = `${prefix}.${v}` as MessageKey;
        expect(catalogs['zh-CN'][key], key).toBe(table[v]!.zh);
        expect(catalogs.en[key], key).toBe(table[v]!.en);
      }
    }
    expect(catalogs['zh-CN']['channel.self_service']).toBe('自助终端');
    expect(catalogs.en['level.county']).toBe('District / county');
  });
});

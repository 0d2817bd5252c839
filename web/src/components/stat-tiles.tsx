// Headline figure tiles (指标卡): the value in large type, its numerator and denominator, and
// the change against the comparison period as text with an arrow and a word ("better"/"worse"),
// so neither colour nor the arrow alone carries the meaning.
import { formatChange, formatCount, formatValue, type Change, type ValueKind } from '../format/format';
import { useLocale, useT } from '../i18n/i18n';

export interface Tile {
  id: string;
  label: string;
  kind: ValueKind;
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  change?: Change;
  good?: boolean | null;
  href?: string;
  /** Extra line under the value (e.g. "of which 12 asked for an unnecessary proof"). */
  note?: string;
  emphasis?: boolean;
}

export function StatTiles({ tiles, compareLabel }: { tiles: readonly Tile[]; compareLabel?: string }) {
  const t = useT();
  const [locale] = useLocale();
  const units = { pp: t('unit.pp'), days: t('unit.days') };
  return (
    <ul className="tiles">
      {tiles.map((tile) => {
        const dir = tile.change?.direction ?? 'none';
        const tone = tile.good === true ? 'tile-good' : tile.good === false ? 'tile-bad' : '';
        return (
          <li key={tile.id} className={`tile ${tone}${tile.emphasis ? ' tile-emphasis' : ''}`} data-figure={tile.id}>
            <p className="tile-label">{tile.href ? <a href={tile.href}>{tile.label}</a> : tile.label}</p>
            <p className="tile-value">
              {formatValue(tile.kind, tile.value, locale)}
              {tile.kind === 'days' && tile.value !== null && <span className="tile-unit"> {t('unit.days')}</span>}
            </p>
            {tile.denominator !== undefined && tile.denominator !== null && (
              <p className="tile-parts">
                {t('tile.parts', { n: formatCount(tile.numerator ?? null, locale), d: formatCount(tile.denominator, locale) })}
              </p>
            )}
            {tile.note && <p className="tile-parts">{tile.note}</p>}
            {tile.change && compareLabel && (
              <p className="tile-change">
                <span aria-hidden="true" className="tile-arrow">
                  {dir === 'up' ? '▲' : dir === 'down' ? '▼' : dir === 'flat' ? '▶' : ''}
                </span>{' '}
                {tile.change.delta === null
                  ? t('tile.noCompare')
                  : `${compareLabel} ${formatChange(tile.kind, tile.change, locale, units)}`}
                {tile.good === true && <span className="tile-verdict"> {t('tile.better')}</span>}
                {tile.good === false && <span className="tile-verdict"> {t('tile.worse')}</span>}
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}

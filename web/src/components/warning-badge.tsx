// 红牌 / 黄牌 as a text badge: the word carries the meaning, the colour only repeats it.
import { useT } from '../i18n/i18n';
import { WARNING_LABEL } from '../i18n/domain-labels';

export function WarningBadge({ level }: { level: 'red' | 'yellow' | 'none' }) {
  const t = useT();
  return <span className={`badge badge-${level}`}>{t(WARNING_LABEL[level])}</span>;
}

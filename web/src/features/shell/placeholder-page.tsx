// Stands in for a dashboard page that a later release fills (仪表盘建设中).
import { useT } from '../../i18n/i18n';

export function PlaceholderPage({ title }: { title: string }) {
  const t = useT();
  return (
    <>
      <h1>{title}</h1>
      <div className="card placeholder">
        <p className="placeholder-title">{t('placeholder.title')}</p>
        <p>{t('placeholder.body', { page: title })}</p>
      </div>
    </>
  );
}

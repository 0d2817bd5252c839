// 数据截至 … on every page, and a banner when the figures are behind (the oldest record not yet
// counted waits longer than a minute): supervisors must never read a stale number as a fresh one.
// Polls GET /v1/pipeline every 15 s while the page is open.
import { useEffect, useState } from 'react';
import { apiFetch } from '../../api/client';
import { useLocale, useT } from '../../i18n/i18n';

export interface PipelineStatus {
  asOf: string;
  state: 'ok' | 'retrying' | 'behind';
  behind: boolean;
  behindSince: string | null;
  lagSeconds: number;
  countedUpTo: string;
  lastSuccessAt: string | null;
  errorsLastHour: number;
  recompute: { running: boolean; processed: number };
  /** The demo city's older months, still loading (first start of `npm start -- --demo`). */
  history?: { loadedFrom: string; monthsDone: number; monthsTotal: number; done: boolean };
}

const POLL_MS = 15_000;

export function fetchPipeline(signal?: AbortSignal): Promise<PipelineStatus> {
  return apiFetch<PipelineStatus>('/v1/pipeline', signal ? { signal } : {});
}

/** HH:mm:ss of an instant in Asia/Shanghai. */
export function shanghaiClock(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function PipelineStatusLine() {
  const t = useT();
  const [locale] = useLocale();
  const [status, setStatus] = useState<PipelineStatus>();
  useEffect(() => {
    let ctrl = new AbortController();
    const load = () => {
      ctrl.abort();
      ctrl = new AbortController();
      fetchPipeline(ctrl.signal).then(setStatus, () => undefined);
    };
    load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      clearInterval(timer);
      ctrl.abort();
    };
  }, []);
  if (!status) return null;
  return (
    <>
      {status.behind && (
        <div className="notice notice-error pipeline-banner" role="alert">
          <p>
            <strong>{t('pipeline.behindTitle')}</strong>{' '}
            {t('pipeline.behindBody', {
              since: shanghaiClock(status.behindSince ?? status.countedUpTo, locale),
              minutes: Math.max(1, Math.round(status.lagSeconds / 60)),
            })}
          </p>
        </div>
      )}
      <p className="muted pipeline-line" data-state={status.state}>
        {t('pipeline.countedUpTo', { time: shanghaiClock(status.countedUpTo, locale) })}
        {status.state === 'retrying' && <> · {t('pipeline.retrying')}</>}
        {status.recompute.running && <> · {t('pipeline.recomputing', { n: status.recompute.processed })}</>}
        {status.history && !status.history.done && (
          <>
            {' '}
            ·{' '}
            {t('pipeline.historyLoading', {
              from: status.history.loadedFrom,
              done: status.history.monthsDone,
              total: status.history.monthsTotal,
            })}
          </>
        )}
      </p>
    </>
  );
}

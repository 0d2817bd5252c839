// Start-up prefetch: when the tab already holds a session and opens on a dashboard page, start
// that page's code and (for the overview) its requests right away, next to the session check,
// instead of one after the other. The chart library is not preloaded: parsing it would hold the
// main thread just when the first figures arrive; it loads when the first chart renders. Everything here is only a head start: the
// page makes the same calls and gets the primed answers (fetch-figures.ts), or makes them anew.
import { shanghaiDate } from '../../../../shared/calendar/shanghai-time';
import { getToken } from '../../api/client';
import { preloadPage } from '../shell/dashboard-pages';
import { parseHash } from '../shell/routes';
import { fetchDepartments, fetchRegions, prime } from './fetch-figures';
import { parseFilters } from './filters-data';
import { headlinesQuery, ON_TIME_METRICS, trendQuery, VOLUME_METRICS } from '../overview/fetch-overview';

export function prefetchCurrentPage(hash = window.location.hash): void {
  if (!getToken()) return;
  const { page, params } = parseHash(hash);
  const target = page ?? 'overview';
  preloadPage(target);
  if (target !== 'overview') return;
  const f = parseFilters(params, shanghaiDate(Date.now()));
  // The same paths as overview-page.tsx asks for (fetch-overview.ts).
  prime(`/v1/figures?${headlinesQuery(f)}`);
  for (const metric of [...VOLUME_METRICS, ...ON_TIME_METRICS]) prime(`/v1/figures/series?${trendQuery(f, metric)}`);
  void fetchDepartments().catch(() => undefined);
  void fetchRegions().catch(() => undefined);
}

// The pages of the dashboard and their hash routes (#/admin, #/timeliness?month=2024-03).
// Hash routing keeps the build plain static files: no server or CloudFront rewrite is needed
// for a reload or a bookmarked page. Pure code: no React, no DOM.
import type { MessageKey } from '../../i18n/messages';
import type { UserRole } from '../../../../shared/contract/admin';

export const PAGES = [
  'overview',
  'timeliness',
  'certificate-free',
  'elderly-nearby',
  'complaints',
  'data-feed',
  'monthly-report',
  'admin',
  'messages',
] as const;
export type PageId = (typeof PAGES)[number];

export interface PageInfo {
  label: MessageKey;
  /** Roles that may open the page; absent = every signed-in user. */
  roles?: readonly UserRole[];
  /** Not in the navigation (reached from the header: 消息). */
  hidden?: boolean;
}

/** One entry per page, so a new page does not compile until it has a label. Order = nav order. */
export const PAGE_INFO: Record<PageId, PageInfo> = {
  overview: { label: 'nav.overview' },
  timeliness: { label: 'nav.timeliness' },
  'certificate-free': { label: 'nav.certificateFree' },
  'elderly-nearby': { label: 'nav.elderlyNearby' },
  complaints: { label: 'nav.complaints' },
  'data-feed': { label: 'nav.dataFeed' },
  'monthly-report': { label: 'nav.monthlyReport' },
  admin: { label: 'nav.admin', roles: ['administrator'] },
  messages: { label: 'nav.messages', hidden: true },
};

export interface Route {
  page: PageId | undefined;
  params: URLSearchParams;
}

/** `#/admin?x=1` → { page: 'admin', params }; an unknown or empty hash has page undefined. */
export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const params = new URLSearchParams(q === -1 ? '' : body.slice(q + 1));
  // A monthly report has its own address: #/reports/<id> is the 月度报告 page with id=<id>.
  const report = /^reports(?:\/([^/]+))?$/.exec(path);
  if (report) {
    if (report[1]) {
      try {
        params.set('id', decodeURIComponent(report[1]));
      } catch {
        params.set('id', report[1]);
      }
    }
    return { page: 'monthly-report', params };
  }
  const page = (PAGES as readonly string[]).includes(path) ? (path as PageId) : undefined;
  return { page, params };
}

export function pageHref(page: PageId, params?: Record<string, string>): string {
  const qs = params ? new URLSearchParams(params).toString() : '';
  return `#/${page}${qs ? `?${qs}` : ''}`;
}

export function canOpen(page: PageId, role: UserRole): boolean {
  const roles = PAGE_INFO[page].roles;
  return !roles || roles.includes(role);
}

/** Where a user lands: administrators on Administration (the one live page for now), others on the overview. */
export function homePage(role: UserRole): PageId {
  return role === 'administrator' ? 'admin' : role === 'leadership' ? 'monthly-report' : 'overview';
}

/** Where a user lands after signing in: a leader on the newest monthly report of their scope. */
export function homeHref(role: UserRole): string {
  return role === 'leadership' ? pageHref('monthly-report', { latest: '1' }) : pageHref(homePage(role));
}

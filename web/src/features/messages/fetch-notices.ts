// The inbox's requests (消息): GET /v1/notices (newest first, with the unread count) and
// POST /v1/notices/{id}/read. Others are told when a notice is read, so the header's count follows.
import { apiFetch } from '../../api/client';

export interface Notice {
  id: string;
  kind: 'warning_cards' | 'feed_silent' | 'feed_rejects' | 'pipeline' | 'report_published' | 'rate_below';
  department: string | null;
  title: string;
  titleEn: string;
  text: string;
  textEn: string;
  link: string;
  createdAt: string;
  read: boolean;
}
export interface Inbox {
  unread: number;
  notices: Notice[];
}

export const NOTICES_CHANGED = 'servicepulse:notices-changed';

export function fetchInbox(limit: number, signal?: AbortSignal): Promise<Inbox> {
  return apiFetch<Inbox>(`/v1/notices?limit=${limit}`, signal ? { signal } : {});
}

export async function markRead(id: string): Promise<void> {
  await apiFetch(`/v1/notices/${encodeURIComponent(id)}/read`, { method: 'POST' });
  window.dispatchEvent(new Event(NOTICES_CHANGED));
}

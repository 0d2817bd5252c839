// The inbox's pure helpers and route: a notice shows in the reader's language without markdown
// marks, the header's count is short, and #/messages opens the inbox (kept out of the navigation).
import { describe, expect, it } from 'vitest';
import { noticeText, unreadLabel } from '../../web/src/features/messages/messages-data';
import type { Notice } from '../../web/src/features/messages/fetch-notices';
import { PAGE_INFO, parseHash } from '../../web/src/features/shell/routes';

const n: Notice = {
  id: 'n1',
  kind: 'warning_cards',
  department: 'D-A',
  title: '【红黄牌预警】甲局 2024-03-11',
  titleEn: 'Red/yellow cards: 甲局 2024-03-11',
  text: '### 【红黄牌预警】甲局 2024-03-11\n新增红牌 1 件、黄牌 0 件：\n- 🔴 A1（事项 I）',
  textEn: '### Red/yellow cards\nNew: 1 red\n- 🔴 A1 (item I)',
  link: '#/timeliness?department=D-A',
  createdAt: '2024-03-11T01:00:00Z',
  read: false,
};

describe('inbox', () => {
  it("shows a notice in the reader's language, as plain lines", () => {
    expect(noticeText(n, 'zh-CN')).toEqual({ title: n.title, lines: ['新增红牌 1 件、黄牌 0 件：', '• 🔴 A1（事项 I）'] });
    expect(noticeText(n, 'en')).toEqual({ title: n.titleEn, lines: ['New: 1 red', '• 🔴 A1 (item I)'] });
  });

  it('counts unread briefly and opens from the header, not the navigation', () => {
    expect([0, 7, 99, 100].map(unreadLabel)).toEqual(['', '7', '99', '99+']);
    expect(parseHash('#/messages').page).toBe('messages');
    expect(PAGE_INFO.messages.hidden).toBe(true);
  });
});

// Daily digest (每日摘要): the notices a channel would have received one by one over a day,
// gathered into one message sent once a day at the channel's hour (Asia/Shanghai). The day of a
// digest sent on D at hour H is [D-1 H:00, D H:00) Shanghai time, so consecutive digests neither
// overlap nor leave a gap, and the one of D is keyed by D: sent once, whatever restarts. Pure.
import { shanghaiDate } from '../calendar/index.js';

export interface DigestItem {
  title: string;
  titleEn: string;
  link: string;
  createdAt: string;
}

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // China has no daylight saving time

/** The instant (ISO) of `hour`:00 Shanghai time on the Shanghai date `day`. */
export function shanghaiHourInstant(day: string, hour: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS + hour * 3_600_000).toISOString();
}

/** The digest due at `now` for a channel sending at `hour`: its day and window, or null before the hour. */
export function dueDigest(now: Date, hour: number): { day: string; from: string; to: string } | null {
  const day = shanghaiDate(now);
  const to = shanghaiHourInstant(day, hour);
  if (now.toISOString() < to) return null;
  return { day, from: new Date(Date.parse(to) - 86_400_000).toISOString(), to };
}

/** Notices listed in one digest; the rest are counted. */
export const DIGEST_MAX_LISTED = 50;

export function digestMessage(
  channelName: string,
  day: string,
  items: DigestItem[],
): { title: string; titleEn: string; text: string; textEn: string; link: string } {
  const title = `【每日摘要】${day} 共 ${items.length} 条消息`;
  const titleEn = `Daily digest ${day}: ${items.length} notice(s)`;
  const listed = items.slice(0, DIGEST_MAX_LISTED);
  const more = items.length - listed.length;
  return {
    title,
    titleEn,
    text: [
      `### ${title}`,
      `推送渠道：${channelName}`,
      ...listed.map((n) => `- ${n.title}（${n.link}）`),
      ...(more > 0 ? [`- …… 另有 ${more} 条，见“消息”页`] : []),
    ].join('\n'),
    textEn: [
      `### ${titleEn}`,
      `Channel: ${channelName}`,
      ...listed.map((n) => `- ${n.titleEn} (${n.link})`),
      ...(more > 0 ? [`- … and ${more} more on the messages page`] : []),
    ].join('\n'),
    link: '#/messages',
  };
}

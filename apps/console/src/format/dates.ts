import type { Language } from '../i18n';

const MONTHS_EN = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/** A business date "2026-12-02" as "2026年12月2日" (zh-CN) or "2 Dec 2026" (en). */
export function formatDate(date: string | null | undefined, language: Language): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const [, year, month, day] = match;
  const m = Number(month);
  const d = Number(day);
  return language === 'zh-CN' ? `${year}年${m}月${d}日` : `${d} ${MONTHS_EN[m - 1]} ${year}`;
}

/** A timestamp as its date and time of day in Shanghai, the programme's time zone. */
export function formatDateTime(timestamp: string | null | undefined, language: Language): string {
  if (!timestamp) return '—';
  const instant = new Date(timestamp);
  if (Number.isNaN(instant.getTime())) return timestamp;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  return `${formatDate(date, language)} ${part('hour')}:${part('minute')}`;
}

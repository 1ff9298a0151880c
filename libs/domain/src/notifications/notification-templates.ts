/**
 * The text of a notification in the recipient's language. Every channel (in-app, e-mail, SMS)
 * renders the same event with these templates; an event type without its own template gets the
 * generic one, so a new event type is delivered before anyone writes its wording.
 */

export const NOTIFICATION_LANGUAGES = ['zh-CN', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

export function isNotificationLanguage(value: unknown): value is NotificationLanguage {
  return typeof value === 'string' && (NOTIFICATION_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language of an `Accept-Language` header: the first of its ranges (by quality) that is
 * Chinese or English; zh-CN when it names neither.
 */
export function languageOfAcceptLanguage(header: string | undefined): NotificationLanguage {
  const ranges = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.tag.length > 0 && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const range of ranges) {
    if (range.tag === 'zh' || range.tag.startsWith('zh-')) return 'zh-CN';
    if (range.tag === 'en' || range.tag.startsWith('en-')) return 'en';
  }
  return 'zh-CN';
}

/** What a template reads of an outbox event. */
export interface NotifiableEvent {
  eventType: string;
  subject: string;
  caseNumber: string | null;
  businessDate: string;
  payload: Record<string, unknown>;
}

export interface RenderedNotification {
  title: string;
  body: string;
}

const CASE_STATUS_ZH: Record<string, string> = {
  DRAFT: '草稿',
  SUBMITTED: '已提交',
  VERIFIED: '知识产权已核验',
  VALUATION: '评估中',
  VALUED: '已评估',
  APPROVED: '授信已审批',
  CONTRACTED: '已签约',
  REGISTERING: '质押登记中',
  REGISTERED: '质押已登记',
  ACTIVE: '已放款',
  OVERDUE: '逾期',
  REPAID: '已还清',
  RELEASED: '质押已解除',
  CLOSED: '已结案',
  DEFAULTED: '已违约',
  COMPENSATION: '风险补偿中',
  DISPOSAL: '质押物处置中',
  SETTLED: '已清算',
  REJECTED: '已拒绝',
  WITHDRAWN: '已撤回',
};

const CLAIM_STATUS_ZH: Record<string, string> = {
  AWAITING_INSURER: '待保险公司确认',
  SUBMITTED: '已提交',
  WAITLISTED: '等待预算',
  REVIEWED: '已初审',
  APPROVED: '已审批',
  PAID: '已拨付',
  REJECTED: '已驳回',
  CLAWED_BACK: '已追回',
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

type Template = (event: NotifiableEvent, language: NotificationLanguage) => RenderedNotification;

const TEMPLATES: Record<string, Template> = {
  CASE_STEP: (event, language) => {
    const status = text(event.payload.toStatus) ?? '';
    const date = event.businessDate;
    return language === 'en'
      ? {
          title: `Case ${event.subject}: ${status}`,
          body: `Case ${event.subject} moved to ${status} (${text(event.payload.event) ?? ''}) on ${date}.`,
        }
      : {
          title: `案件 ${event.subject}：${CASE_STATUS_ZH[status] ?? status}`,
          body: `案件 ${event.subject} 于 ${date} 变更为「${CASE_STATUS_ZH[status] ?? status}」。`,
        };
  },
  CLAIM_STEP: (event, language) => {
    const status = text(event.payload.toStatus) ?? '';
    const date = event.businessDate;
    return language === 'en'
      ? {
          title: `Subsidy claim ${event.subject}: ${status}`,
          body: `Subsidy claim ${event.subject} (case ${event.caseNumber ?? '-'}) moved to ${status} on ${date}.`,
        }
      : {
          title: `补贴申请 ${event.subject}：${CLAIM_STATUS_ZH[status] ?? status}`,
          body: `补贴申请 ${event.subject}（案件 ${event.caseNumber ?? '-'}）于 ${date} 变更为「${CLAIM_STATUS_ZH[status] ?? status}」。`,
        };
  },
  TASK_CREATED: (event, language) => {
    const due = text(event.payload.dueOn);
    return language === 'en'
      ? {
          title: `New task: ${text(event.payload.titleEn) ?? text(event.payload.kind) ?? event.subject}`,
          body: `A new task is waiting for you${event.caseNumber ? ` on case ${event.caseNumber}` : ''}${due ? `, due ${due}` : ''}.`,
        }
      : {
          title: `新待办：${text(event.payload.titleZh) ?? text(event.payload.kind) ?? event.subject}`,
          body: `您有一项新待办${event.caseNumber ? `（案件 ${event.caseNumber}）` : ''}${due ? `，请于 ${due} 前完成` : ''}。`,
        };
  },
  TASK_LATE: (event, language) =>
    language === 'en'
      ? {
          title: `Task overdue: ${text(event.payload.titleEn) ?? text(event.payload.kind) ?? event.subject}`,
          body: `A task${event.caseNumber ? ` on case ${event.caseNumber}` : ''} is past its deadline.`,
        }
      : {
          title: `待办已超时：${text(event.payload.titleZh) ?? text(event.payload.kind) ?? event.subject}`,
          body: `一项待办${event.caseNumber ? `（案件 ${event.caseNumber}）` : ''}已超过办理时限。`,
        },
};

/** Any other event type: its type, subject and case. */
const GENERIC: Template = (event, language) =>
  language === 'en'
    ? {
        title: `${event.eventType}: ${event.subject}`,
        body: `Event ${event.eventType} on ${event.subject}${event.caseNumber ? ` (case ${event.caseNumber})` : ''}, business date ${event.businessDate}.`,
      }
    : {
        title: `${event.eventType}：${event.subject}`,
        body: `事项 ${event.subject}${event.caseNumber ? `（案件 ${event.caseNumber}）` : ''}发生 ${event.eventType}，业务日期 ${event.businessDate}。`,
      };

export function renderNotification(
  event: NotifiableEvent,
  language: NotificationLanguage,
): RenderedNotification {
  return (TEMPLATES[event.eventType] ?? GENERIC)(event, language);
}

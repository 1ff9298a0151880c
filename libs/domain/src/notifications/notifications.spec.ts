import {
  languageOfAcceptLanguage,
  renderNotification,
  type NotifiableEvent,
} from './notification-templates';
import { nextAttempt } from './retry-policy';

const caseStep: NotifiableEvent = {
  eventType: 'CASE_STEP',
  subject: 'SHCB-2026-000001',
  caseNumber: 'SHCB-2026-000001',
  businessDate: '2026-03-02',
  payload: { event: 'SUBMIT', toStatus: 'SUBMITTED' },
};

describe('notification templates', () => {
  it('renders a case step in Chinese and in English', () => {
    expect(renderNotification(caseStep, 'zh-CN').title).toBe('案件 SHCB-2026-000001：已提交');
    expect(renderNotification(caseStep, 'en').title).toBe('Case SHCB-2026-000001: SUBMITTED');
    expect(renderNotification(caseStep, 'en').body).toContain('2026-03-02');
  });

  it('takes a task’s own title from its payload', () => {
    const task = {
      ...caseStep,
      eventType: 'TASK_CREATED',
      payload: { titleZh: '核验知识产权', titleEn: 'Verify the pledged IP', dueOn: '2026-03-05' },
    };
    expect(renderNotification(task, 'zh-CN').title).toBe('新待办：核验知识产权');
    expect(renderNotification(task, 'en').body).toContain('due 2026-03-05');
  });

  it('renders an event type it has no template for', () => {
    const other = { ...caseStep, eventType: 'COLLATERAL_IMPAIRED', subject: 'ASSET-1' };
    expect(renderNotification(other, 'en').title).toBe('COLLATERAL_IMPAIRED: ASSET-1');
    expect(renderNotification(other, 'zh-CN').body).toContain('COLLATERAL_IMPAIRED');
  });

  it('reads the language of Accept-Language by quality, zh-CN by default', () => {
    expect(languageOfAcceptLanguage(undefined)).toBe('zh-CN');
    expect(languageOfAcceptLanguage('en-GB,en;q=0.9')).toBe('en');
    expect(languageOfAcceptLanguage('fr, en;q=0.5, zh;q=0.8')).toBe('zh-CN');
    expect(languageOfAcceptLanguage('de')).toBe('zh-CN');
  });
});

describe('retry policy', () => {
  const policy = { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 5 };

  it('doubles the delay after each failure up to the cap, then dead-letters', () => {
    const delays = [1, 2, 3, 4].map((n) => nextAttempt(policy, n));
    expect(delays).toEqual([
      { retry: true, delayMs: 50 },
      { retry: true, delayMs: 100 },
      { retry: true, delayMs: 200 },
      { retry: true, delayMs: 300 },
    ]);
    expect(nextAttempt(policy, 5)).toEqual({ retry: false });
  });
});

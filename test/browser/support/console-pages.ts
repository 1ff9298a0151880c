import type { Locator, Page } from 'playwright-core';
import { codeName } from '../../../apps/console/src/i18n/codes';
import { screenshot } from './browser';

/** The Chinese name the console shows for a case status. */
export const statusZh = (status: string) => codeName('caseStatus', status, 'zh-CN');
/** The Chinese name of a case step (the form's title and its button). */
export const stepZh = (event: string) => codeName('caseEvent', event, 'zh-CN');

/** Picks an option of an Ant Design select by its visible text. */
export async function pick(page: Page, select: Locator, text: string): Promise<void> {
  await select.click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click();
}

/** The form of a case step on the case page (its section is labelled with the step's name). */
export function stepForm(page: Page, event: string): Locator {
  return page.locator(`section[aria-label="${stepZh(event)}"] form`);
}

/** A field of a form by its label. */
export function field(form: Locator, label: string | RegExp): Locator {
  return form.getByLabel(label);
}

/**
 * From the inbox: opens the task of `caseNumber` whose action is `event` (one click), which
 * lands on the case page with the step's form open.
 */
export async function openTask(
  page: Page,
  baseUrl: string,
  caseNumber: string,
  event: string,
): Promise<Locator> {
  await page.goto(`${baseUrl}/tasks?caseNumber=${encodeURIComponent(caseNumber)}`);
  try {
    await page.locator(`a[data-task-link="${event}"]`).click();
  } catch (error) {
    await screenshot(page, `failed-task-${event}`);
    throw error;
  }
  await page.waitForURL(
    (url) => url.pathname === `/cases/${caseNumber}` && url.searchParams.get('action') === event,
  );
  const form = stepForm(page, event);
  await form.waitFor();
  return form;
}

/** Sends the open form and waits for the case to show `status`. */
export async function submitAndExpect(page: Page, form: Locator, status: string): Promise<void> {
  await form.getByRole('button', { name: /提\s*交/ }).click();
  await page
    .getByTestId('case-status')
    .filter({ hasText: statusZh(status) })
    .waitFor();
}

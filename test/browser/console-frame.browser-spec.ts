import { screenshot } from './support/browser';
import { type ConsoleSystem, startConsoleSystem } from './support/console-system';

/**
 * The frame every page sits in: the API serves the built console (deep links included, under
 * its content security policy), a seeded user signs in and the header names them and the date.
 */
describe('console frame', () => {
  let cs: ConsoleSystem;
  beforeAll(async () => {
    cs = await startConsoleSystem();
  });
  afterAll(async () => {
    await cs?.close();
  });

  it('serves index.html for a deep link, with no inline script under the API’s CSP', async () => {
    const response = await fetch(`${cs.baseUrl}/cases/SHCB-2026-000001`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const api = await fetch(`${cs.baseUrl}/api/v1/no-such-route`);
    expect(api.headers.get('content-type')).toContain('json');
  });

  it('signs a loan officer in from the seeded list and shows who, where and when', async () => {
    const page = await cs.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.goto(`${cs.baseUrl}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.locator('button[data-username="officer.shcb"]').click();
    await page.getByTestId('current-user').waitFor();

    const db = await cs.system.db();
    const {
      rows: [user],
    } = await db.query(
      `SELECT u.display_name, o.name FROM app_user u JOIN organisation o ON o.id = u.organisation_id
        WHERE u.username = 'officer.shcb'`,
    );
    await db.end();
    const officer = await cs.system.as('officer.shcb');
    const { body } = await officer.get('/api/v1/business-date').expect(200);
    const [year, month, day] = (body.businessDate as string).split('-').map(Number);

    await expect(page.getByTestId('current-user').textContent()).resolves.toBe(user.display_name);
    await expect(page.locator('.frame__header').textContent()).resolves.toContain(user.name);
    await expect(page.getByTestId('business-date').textContent()).resolves.toContain(
      `${year}年${month}月${day}日`,
    );
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await screenshot(page, 'frame');
    expect(violations).toEqual([]);

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/sign-in$/);
  });
});

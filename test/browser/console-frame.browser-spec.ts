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
    // Outside production the console signs in with the seeded users.
    const config = await fetch(`${cs.baseUrl}/api/v1/auth/console-config`);
    await expect(config.json()).resolves.toEqual({ signIn: 'DEV', oidc: null });
  });

  it('signs a loan officer in from the seeded list and shows who, where and when', async () => {
    const page = await cs.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });
    await page.goto(`${cs.baseUrl}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.locator('button[data-username="officer.shcb"]').waitFor();
    await screenshot(page, 'sign-in');
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
    // The header shows a dash until its own request for the date answers; wait for the date.
    const businessDate = page
      .getByTestId('business-date')
      .filter({ hasText: `${year}年${month}月${day}日` });
    await businessDate.waitFor();
    await expect(businessDate.textContent()).resolves.toContain(`${year}年${month}月${day}日`);
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await screenshot(page, 'frame');
    expect(violations).toEqual([]);

    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/sign-in$/);
  });
});

/**
 * The console in a real browser (Debian's Chromium via playwright-core) against the real agent on
 * the Kubernetes API simulator: sign in, list, open, approve (the Deployment changes exactly once,
 * the reviewer is in the incident and the post-mortem), reject (nothing changes), a wrong token,
 * the dry-run banner, live updates without a reload, and basic accessibility. Loopback only.
 * Run: `npm run test:browser` (needs `apt-get install -y chromium`).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { isTerminal } from '../../domain/incident.js';
import { chromiumMissing, launchChromium, type Browser } from './testing/chromium.js';
import { breakCheckout, startConsoleLab, TARGET, type ConsoleLab } from './testing/console-lab.js';
import { accessibilityProblems } from './testing/accessibility.js';

const missing = chromiumMissing();

// These tests run only when asked for (`npm run test:browser`), so a missing browser is a failure
// with the fix in its message, not a silent skip.
it.runIf(missing !== null)('needs Chromium', () => {
  throw new Error(missing ?? '');
});

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close();
});

async function setUp(
  mode: 'approval' | 'dry-run' = 'approval',
): Promise<{ lab: ConsoleLab; browser: Browser; page: Page }> {
  const lab = await startConsoleLab(mode);
  opened.push(lab);
  const browser = await launchChromium();
  opened.push(browser);
  const page = await browser.context.newPage();
  return { lab, browser, page };
}

async function signIn(page: Page, lab: ConsoleLab, token: string, name = 'Ada On-Call'): Promise<void> {
  await page.goto(lab.url);
  await page.getByLabel('Agent token').fill(token);
  await page.getByLabel(/Your name/).fill(name);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Breaks checkout and runs simulated time until the agent's incident waits for approval. */
async function awaitingIncident(lab: ConsoleLab): Promise<string> {
  breakCheckout(lab.lab);
  await lab.until(() => lab.incidents().some((incident) => incident.status === 'awaiting-approval'));
  const incident = lab.incidents().find((item) => item.status === 'awaiting-approval');
  if (!incident) throw new Error('no incident awaiting approval');
  return incident.id;
}

const targetWrites = (lab: ConsoleLab) => lab.writes().filter((write) => write.path.includes(`/deployments/${TARGET}`));

describe.skipIf(missing !== null)('approval console in Chromium', () => {
  it('lists, opens and approves by keyboard: one write, verified, reviewer recorded; the page updates live', async () => {
    const { lab, page } = await setUp();
    const id = await awaitingIncident(lab);
    expect(lab.writes()).toEqual([]);

    await signIn(page, lab, lab.lab.token);
    const row = page.locator('tr', { has: page.getByRole('link', { name: id }) });
    await expect.poll(() => row.locator('.status').textContent()).toBe('awaiting-approval');
    expect(await row.textContent()).toContain(`online-boutique/${TARGET}`);
    await page.getByRole('link', { name: id }).click();
    await expect.poll(() => page.locator('h1').textContent()).toContain(id);
    const body = await page.locator('main').textContent();
    expect(body).toContain('DeploymentCrashLooping');
    expect(body).toContain('bad-rollout');
    expect(body).toContain('needs-approval');
    expect(await page.locator('pre.diff').first().textContent()).toContain('v0.10.5-rc.1');

    // Keyboard only: Tab to the comment, type it, Tab to Approve, press Enter.
    for (
      let tabs = 0;
      tabs < 40 && (await page.evaluate('document.activeElement && document.activeElement.id')) !== 'comment';
      tabs += 1
    )
      await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('comment');
    await page.keyboard.type('rollback to revision 1: the new release crashes at start');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement && document.activeElement.textContent')).toMatch(/^Approve/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Approved');
    await page.evaluate('window.notReloaded = true');

    await lab.until(() =>
      lab.incidents().every((incident) => isTerminal(incident.status) && incident.postMortemPath !== null),
    );
    const incident = lab.lab.agent.store.get(id);
    expect(incident?.status).toBe('resolved');
    expect(targetWrites(lab)).toHaveLength(1);
    expect(lab.writes()).toHaveLength(1);
    expect(incident?.review).toMatchObject({ verdict: 'approved', by: 'Ada On-Call', via: 'console' });
    const postMortem = await readFile(incident?.postMortemPath ?? '', 'utf8');
    expect(postMortem).toContain('**approved** by Ada On-Call');
    expect(postMortem).toContain('rollback to revision 1: the new release crashes at start');

    // Live: the open page shows the ending without a reload.
    await expect.poll(() => page.locator('.overview .status').textContent(), { timeout: 15_000 }).toBe('resolved');
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.locator('main').textContent()).toContain('approved by Ada On-Call');
  });

  it('rejects with a required comment: nothing is written and the incident ends blocked', async () => {
    const { lab, page } = await setUp();
    const id = await awaitingIncident(lab);
    await signIn(page, lab, lab.lab.token, 'Grace');
    await page.goto(`${lab.url}incidents/${id}`);
    // The comment is required: the browser refuses an empty one, and so does the server.
    await page.getByRole('button', { name: /^Reject/ }).click();
    expect(await page.locator('#comment:invalid').count()).toBe(1);
    await page.getByLabel(/Comment/).fill('not during the sale; we will roll back by hand');
    await page.getByRole('button', { name: /^Reject/ }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toContain('Rejected');
    await lab.until(() =>
      lab.incidents().every((incident) => isTerminal(incident.status) && incident.postMortemPath !== null),
    );
    expect(lab.lab.agent.store.get(id)?.status).toBe('blocked');
    expect(lab.writes()).toEqual([]);
    await expect.poll(() => page.locator('.overview .status').textContent(), { timeout: 15_000 }).toBe('blocked');
    expect(await page.locator('#review').isHidden()).toBe(true);
  });

  it('shows a clear state for a wrong token, and nothing without the token', async () => {
    const { lab, page } = await setUp();
    const id = await awaitingIncident(lab);
    await signIn(page, lab, 'wrong-token-0123456789');
    expect(await page.getByRole('alert').textContent()).toContain('That token was not accepted');
    expect((await page.context().cookies()).map((cookie) => cookie.name)).toEqual([]);
    await page.goto(`${lab.url}incidents/${id}`);
    expect(page.url()).toBe(`${lab.url}login`);
    expect(await page.content()).not.toContain(id);
    expect(page.url()).not.toContain('token');
  });

  it('shows the dry-run banner when the agent writes nothing', async () => {
    const { lab, page } = await setUp('dry-run');
    await signIn(page, lab, lab.lab.token);
    expect(await page.getByRole('status').first().textContent()).toContain('Dry-run mode.');
  });

  it('the accessibility check finds an unlabelled control and low-contrast text', async () => {
    const browser = await launchChromium();
    opened.push(browser);
    const page = await browser.context.newPage();
    await page.setContent(
      '<html lang="en"><body><h1>t</h1><input id="q"><p style="color:#aaa;background:#fff">faint</p></body></html>',
    );
    const problems = await accessibilityProblems(page);
    expect(problems).toContain('input#q has no label');
    expect(problems.some((problem) => problem.startsWith('p "faint": contrast 2.'))).toBe(true);
  });

  it('pages are accessible: every control labelled, text contrast at least 4.5:1', async () => {
    const { lab, page } = await setUp();
    const id = await awaitingIncident(lab);
    await page.goto(lab.url);
    expect(await accessibilityProblems(page)).toEqual([]);
    await signIn(page, lab, lab.lab.token);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.goto(`${lab.url}incidents/${id}`);
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

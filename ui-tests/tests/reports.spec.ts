import { writeFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { memberTokens, screenshotPath } from './lab';

/**
 * Both reports, run by the demo's service on its two years of history, downloaded and
 * opened as files in Chromium with the network off and every request recorded: the page
 * must ask no host for anything, carry its title and read at a phone's width.
 */

const SERVICE = process.env.JMS_UI_URL ?? 'http://127.0.0.1:8899/';

interface IRun {
  id: string;
  status: string;
  error?: string;
  links: Record<string, string>;
}

const REPORTS: {
  name: string;
  parameters: Record<string, unknown>;
  title: string;
}[] = [
  {
    name: 'attendance',
    parameters: { as_of: '2026-11-30' },
    title: 'Attendance report, as of 2026-11-30'
  },
  {
    name: 'publication',
    parameters: { start: '2025-12-01', end: '2026-12-01' },
    title: 'Publication report, 2025-12-01 to 2026-11-30'
  }
];

for (const report of REPORTS) {
  test(`the ${report.name} report's HTML opens offline, titled, at a phone's width`, async ({
    browser,
    request
  }, testInfo) => {
    const headers = { Authorization: `token ${memberTokens().ada}` };
    const api = (path: string) => new URL(`jms/api/${path}`, SERVICE).href;

    const started = await request.post(api(`reports/${report.name}/runs`), {
      headers,
      data: { parameters: report.parameters }
    });
    expect(started.status()).toBe(202);
    let run = (await started.json()) as IRun;
    await expect
      .poll(
        async () => {
          const got = await request.get(api(`reports/runs/${run.id}`), {
            headers
          });
          run = (await got.json()) as IRun;
          return run.status;
        },
        { timeout: 100_000, intervals: [500] }
      )
      .not.toMatch(/^(queued|running)$/);
    expect(run.status, run.error).toBe('succeeded');

    const download = await request.get(new URL(run.links.html, SERVICE).href, {
      headers
    });
    expect(download.ok()).toBeTruthy();
    const file = testInfo.outputPath(`${report.name}.html`);
    writeFileSync(file, await download.body());

    // A phone, offline; every request the page makes is recorded, and any that would
    // leave the file is refused.
    const context = await browser.newContext({
      offline: true,
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true
    });
    const requested: string[] = [];
    context.on('request', r => requested.push(r.url()));
    await context.route(/^(?!file:|data:)/, route => route.abort());
    const page = await context.newPage();
    try {
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      await expect(page).toHaveTitle(report.title);
      await expect(page.locator('h1').first()).toBeVisible();
      const outside = requested.filter(
        url => !url.startsWith('file:') && !url.startsWith('data:')
      );
      expect(outside).toEqual([]);

      // No code, no prompts: only what the report shows.
      await expect(
        page.locator('.jp-InputPrompt, .jp-OutputPrompt')
      ).toHaveCount(0);
      await expect(page.locator('.jp-CodeCell .jp-InputArea')).toHaveCount(0);
      // Charts keep their text alternative, and every image is embedded.
      const images = await page.locator('img').evaluateAll(imgs =>
        imgs.map(img => ({
          alt: img.getAttribute('alt') ?? '',
          src: (img.getAttribute('src') ?? '').slice(0, 5),
          fits: img.getBoundingClientRect().right <= window.innerWidth + 1
        }))
      );
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) {
        expect(image.alt.length).toBeGreaterThan(10);
        expect(image.src).toBe('data:');
        expect(image.fits).toBeTruthy();
      }
      // Nothing but a wide table's own box scrolls sideways.
      const width = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        window.innerWidth
      ]);
      expect(width[0]).toBeLessThanOrEqual(width[1]);

      const shot = screenshotPath(`report-${report.name}-phone.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await testInfo.attach(`${report.name} report at a phone's width`, {
        path: shot,
        contentType: 'image/png'
      });
    } finally {
      await context.close();
    }
  });
}

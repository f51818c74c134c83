import { defineConfig } from '@playwright/test';

/**
 * UI tests in Debian's Chromium (never a downloaded browser) against the server that
 * run.sh starts; JMS_UI_URL and JMS_UI_ROOT tell the tests where it is.
 */
export default defineConfig({
  testDir: './tests',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'playwright-report' }]
  ],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    baseURL: process.env.JMS_UI_URL ?? 'http://127.0.0.1:8899',
    viewport: { width: 1400, height: 900 },
    actionTimeout: 20_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage'
      ]
    }
  }
});

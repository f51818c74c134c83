import { defineConfig } from '@playwright/test';

import base from '../playwright.config';

/**
 * The JupyterHub UI test (ui-tests/hub.sh starts the Hub; JMS_UI_HUB_URL says where).
 */
export default defineConfig({
  ...base,
  testDir: '.',
  outputDir: '../test-results/hub',
  timeout: 240_000,
  use: {
    ...base.use,
    baseURL: process.env.JMS_UI_HUB_URL ?? 'http://127.0.0.1:8000'
  }
});

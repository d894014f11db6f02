import { defineConfig, devices } from '@playwright/test'

/**
 * End-to-end suite: builds the portal, serves it on PORT 3210 with a fresh
 * PGlite data directory (seeded with the demo program on start) and drives
 * Debian's Chromium on a desktop and a phone viewport.
 *
 * The data directory is removed inside the webServer command, not here: this
 * file is also loaded by every worker, and removing it here would pull the
 * database out from under the running server.
 */
const port = 3210
const dataDir = './.cache/e2e-data'
const isCI = !!process.env.CI

/** Debian's Chromium (apt-get install chromium); Playwright's own browser download is never used. */
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
  ],
}

const desktop = { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } }
// The iPhone descriptor selects WebKit, which is not installed: run its viewport, touch and user agent in Chromium.
const phone = { ...devices['iPhone 13'], browserName: 'chromium' as const }

/**
 * A payout batch takes every partner's approved commission lines. Other specs
 * read the seeded lines as ready to pay, so the payout spec runs last, in
 * projects of its own, and its two viewports one after the other: a batch of
 * one would otherwise take the other's lines. (`--no-deps` runs it alone.)
 */
const payoutSpec = /payouts\.spec\.ts$/

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: isCI ? 1 : 0,
  // Two cores and a single-process server on one PGlite connection.
  workers: 2,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 7_500 },
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions,
  },
  projects: [
    // A test tagged for one viewport runs in that project only.
    { name: 'desktop', use: desktop, testIgnore: payoutSpec, grepInvert: /@phone-only/ },
    { name: 'phone', use: phone, testIgnore: payoutSpec, grepInvert: /@desktop-only/ },
    // After every other spec, one viewport after the other (see payoutSpec).
    { name: 'payouts desktop', use: desktop, testMatch: payoutSpec, dependencies: ['desktop', 'phone'] },
    { name: 'payouts phone', use: phone, testMatch: payoutSpec, dependencies: ['payouts desktop'] },
  ],
  webServer: {
    // `exec` lets the server itself receive the shutdown signal (PGlite closes its files cleanly).
    command: `rm -rf ${dataDir} && npm run build && exec node server/index.js`,
    url: `http://localhost:${port}/healthz`,
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      PORTAL_DOMAIN: 'localhost',
      NODE_ENV: 'production',
    },
    timeout: 120_000,
    reuseExistingServer: false,
    // Build and seed chatter stays out of the report; errors (stderr) are shown.
    stdout: 'ignore',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
})

import { test as base, expect, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test'

export { expect }

/** An HTTP error answer the test provokes on purpose (e.g. a 400 for a wrong password). */
interface ExpectedErrorResponse {
  status: number
  /** Path of the document or Remix data request; any path when omitted. */
  path?: string
}

interface ConsoleGuard {
  problems: string[]
  expected: ExpectedErrorResponse[]
  watch: (context: BrowserContext) => void
}

interface Fixtures {
  /**
   * Declares that the server will answer a request with this 4xx status on
   * purpose (a rejected form, a forbidden page). Chromium reports every such
   * answer as a console error, "Failed to load resource: the server responded
   * with a status of 400 (Bad Request)"; only a declared one is let through.
   */
  expectErrorResponse: (status: number, path?: string) => void
  /**
   * Opens another, cookie-free browser context with the project's settings
   * (viewport, device, base URL) and the same console guard: for a second
   * person in the same test. Closed after the test.
   */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>
  /** A page in a fresh context from `newContext`. */
  newPage: (options?: BrowserContextOptions) => Promise<Page>
  consoleGuard: ConsoleGuard
}

const failedLoad = /^Failed to load resource: the server responded with a status of (\d{3})\b/

function isDeclared(text: string, url: string, expected: ExpectedErrorResponse[]): boolean {
  const match = failedLoad.exec(text)
  if (!match) return false
  const status = Number(match[1])
  // 5xx is never expected: it is the app failing, not the app saying no.
  if (status >= 500) return false
  let path: string
  try {
    path = new URL(url).pathname
  } catch {
    return false
  }
  return expected.some(
    (entry) =>
      entry.status === status &&
      // Remix's single fetch asks `/login.data` for the `/login` route's action.
      (entry.path === undefined || path === entry.path || path === `${entry.path === '/' ? '/_root' : entry.path}.data`),
  )
}

export const test = base.extend<Fixtures>({
  consoleGuard: [
    async ({}, use, testInfo) => {
      const guard: ConsoleGuard = {
        problems: [],
        expected: [],
        watch(context) {
          context.on('console', (message) => {
            const type = message.type()
            if (type !== 'error' && type !== 'warning') return
            const text = message.text()
            const { url, lineNumber } = message.location()
            if (type === 'error' && isDeclared(text, url, guard.expected)) return
            guard.problems.push(`console.${type}: ${text}${url ? ` (at ${url}:${lineNumber})` : ''}`)
          })
          context.on('weberror', (webError) => {
            const error = webError.error()
            guard.problems.push(`pageerror: ${error.stack ?? error.message}`)
          })
        },
      }
      await use(guard)
      if (guard.problems.length) {
        await testInfo.attach('browser-console-problems', { body: guard.problems.join('\n\n'), contentType: 'text/plain' })
      }
      expect(guard.problems, 'the page logged console errors or warnings, or threw').toEqual([])
    },
    { auto: true },
  ],

  context: async ({ context, consoleGuard }, use) => {
    consoleGuard.watch(context)
    await use(context)
  },

  expectErrorResponse: async ({ consoleGuard }, use) => {
    await use((status, path) => {
      consoleGuard.expected.push({ status, path })
    })
  },

  newContext: async ({ browser, consoleGuard }, use) => {
    const contexts: BrowserContext[] = []
    await use(async (options) => {
      // Inside a test, browser.newContext() starts from the project's `use` options.
      const context = await browser.newContext(options)
      consoleGuard.watch(context)
      contexts.push(context)
      return context
    })
    for (const context of contexts) await context.close()
  },

  newPage: async ({ newContext }, use) => {
    await use(async (options) => (await newContext(options)).newPage())
  },
})

import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from '@remix-run/node'

/** Calls route loaders and actions the way Remix does, and normalizes what they return or throw. */

export interface RequestOptions {
  /** `acme.localhost` or `localhost` */
  host?: string
  cookie?: string
  form?: Record<string, string> | FormData
  method?: string
}

export function buildRequest(path: string, { host = 'localhost', cookie, form, method }: RequestOptions = {}) {
  const headers = new Headers({ host })
  if (cookie) headers.set('cookie', cookie)
  let body: BodyInit | undefined
  if (form instanceof FormData) body = form
  else if (form) {
    body = new URLSearchParams(form)
    headers.set('content-type', 'application/x-www-form-urlencoded')
  }
  return new Request(`http://${host}${path}`, { method: method ?? (form ? 'POST' : 'GET'), headers, body })
}

export interface RouteResult {
  status: number
  headers: Headers
  data: any
  location: string | null
}

/** A new load context per call, as the server makes one per HTTP request (identity is cached on it). */
const newContext = (): AppLoadContext => ({ nonce: 'test', clientAddress: '203.0.113.9' })

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown

export async function callRoute(handler: Handler, path: string, options: RequestOptions & { params?: Record<string, string> } = {}): Promise<RouteResult> {
  const request = buildRequest(path, options)
  let outcome: unknown
  try {
    outcome = await handler({ request, params: options.params ?? {}, context: newContext() })
  } catch (thrown) {
    outcome = thrown
    if (!(thrown instanceof Response)) throw thrown
  }
  return normalize(outcome)
}

async function normalize(outcome: unknown): Promise<RouteResult> {
  if (outcome instanceof Response) {
    const text = await outcome.text()
    let data: unknown = text
    try {
      data = JSON.parse(text)
    } catch {
      // plain text body
    }
    return { status: outcome.status, headers: outcome.headers, data, location: outcome.headers.get('location') }
  }
  if (outcome && typeof outcome === 'object' && (outcome as { type?: string }).type === 'DataWithResponseInit') {
    const { data, init } = outcome as { data: unknown; init: ResponseInit | null }
    const headers = new Headers(init?.headers)
    return { status: init?.status ?? 200, headers, data, location: headers.get('location') }
  }
  return { status: 200, headers: new Headers(), data: outcome, location: null }
}

/** The session id a sign-in response sets, as a cookie header for the next request. */
export function cookieFrom(result: RouteResult): string | undefined {
  const setCookie = result.headers.get('set-cookie')
  return setCookie ? setCookie.split(';')[0] : undefined
}

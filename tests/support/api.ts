import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { callRoute, type RouteResult } from './routes.ts'

/** Requests as an API client sends them (a bearer key, a JSON body, no cookie), through `callRoute`. */

type Handler = (args: LoaderFunctionArgs | ActionFunctionArgs) => unknown

export interface ApiRequestOptions {
  host: string
  /** Sent as `Authorization: Bearer <key>`. */
  key?: string
  method?: string
  /** Serialized as the body, with `Content-Type: application/json` unless `headers` names another. */
  json?: unknown
  /** A raw body (malformed JSON, a form, bytes). */
  body?: string | ArrayBuffer
  headers?: Record<string, string>
  params?: Record<string, string>
}

export function callApi(handler: Handler, path: string, { host, key, method, json, body, headers = {}, params }: ApiRequestOptions): Promise<RouteResult> {
  return callRoute(
    (args) => {
      const requestHeaders = new Headers(args.request.headers)
      if (key) requestHeaders.set('authorization', `Bearer ${key}`)
      if (json !== undefined) requestHeaders.set('content-type', 'application/json')
      for (const [name, value] of Object.entries(headers)) requestHeaders.set(name, value)
      const payload = json !== undefined ? JSON.stringify(json) : body
      const request = new Request(args.request.url, { method: method ?? (payload === undefined ? 'GET' : 'POST'), headers: requestHeaders, body: payload })
      return handler({ ...args, request })
    },
    path,
    { host, params },
  )
}

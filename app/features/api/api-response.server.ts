/** JSON answers of the API: never cached, errors always `{ error: { message, fields? } }`. */

export function apiJson(body: unknown, init: { status?: number; headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers)
  headers.set('Cache-Control', 'no-store')
  return Response.json(body, { status: init.status ?? 200, headers })
}

export function apiError(status: number, message: string, options: { fields?: Record<string, string[]>; headers?: HeadersInit } = {}) {
  return apiJson({ error: { message, ...(options.fields ? { fields: options.fields } : {}) } }, { status, headers: options.headers })
}

export function methodNotAllowed(allow: string) {
  return apiError(405, `This endpoint accepts ${allow} only.`, { headers: { Allow: allow } })
}

/**
 * An API loader or action: thrown responses are the answer; anything else is
 * logged and answered with a JSON 500, so clients never parse an HTML page.
 */
export function apiHandler<Args>(handle: (args: Args) => Promise<Response>): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      return await handle(args)
    } catch (error) {
      if (error instanceof Response) return error
      console.error('API request failed:', error)
      return apiError(500, 'Something went wrong on our side. Try again later.')
    }
  }
}

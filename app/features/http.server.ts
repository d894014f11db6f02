/** `invariantResponse(cond, message)`: a 404 (or `status`) when a looked-up thing is missing. */
export function invariantResponse(condition: unknown, message = 'Not found', status = 404): asserts condition {
  if (!condition) throw new Response(message, { status })
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value)
}

/** Route ids are uuids; anything else is a 404, never a database error. */
export function requireUuid(value: string | undefined | null, message = 'Not found'): string {
  invariantResponse(isUuid(value), message)
  return value
}

/** A positive page number from `?page=` (or another parameter), 1 when absent or malformed. */
export function pageParam(url: URL, name = 'page'): number {
  const page = Number.parseInt(url.searchParams.get(name) ?? '1', 10)
  return Number.isFinite(page) && page > 0 && page < 100_000 ? page : 1
}

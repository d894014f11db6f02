import { apiError, apiHandler } from '#app/features/api/api-response.server.ts'

/** Anything else under /api answers in JSON too, never with the HTML 404 page. */
const notFound = apiHandler(async () => apiError(404, 'No such endpoint. See the API documentation for the endpoints there are.'))

export const loader = notFound
export const action = notFound

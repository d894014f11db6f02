import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiCaller } from '#app/features/api/api-auth.server.ts'
import { apiHandler, methodNotAllowed } from '#app/features/api/api-response.server.ts'
import { dealJsonById } from '#app/features/api/deals-api.server.ts'

/** `GET /api/v1/deals/:id`: one deal with its products and timeline (docs/api.md). */
export const loader = apiHandler(async ({ request, params }: LoaderFunctionArgs) => {
  const caller = await requireApiCaller(request, 'read:deal:own')
  return dealJsonById(caller, params.id)
})

export const action = apiHandler(async () => methodNotAllowed('GET'))

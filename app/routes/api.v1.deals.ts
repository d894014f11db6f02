import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { requireApiCaller } from '#app/features/api/api-auth.server.ts'
import { apiHandler, methodNotAllowed } from '#app/features/api/api-response.server.ts'
import { createDealFromJson, listDealsJson } from '#app/features/api/deals-api.server.ts'

/** `GET /api/v1/deals` lists, `POST /api/v1/deals` registers (docs/api.md). */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const caller = await requireApiCaller(request, 'read:deal:own')
  return listDealsJson(caller, new URL(request.url))
})

export const action = apiHandler(async ({ request, context }: ActionFunctionArgs) => {
  if (request.method !== 'POST') return methodNotAllowed('GET, POST')
  const caller = await requireApiCaller(request, 'create:deal:own')
  return createDealFromJson(caller, request, context.clientAddress)
})

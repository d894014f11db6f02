import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireApiCaller } from '#app/features/api/api-auth.server.ts'
import { apiHandler, apiJson, methodNotAllowed } from '#app/features/api/api-response.server.ts'
import { productCatalogue } from '#app/features/deals/deals.server.ts'

/** `GET /api/v1/products`: the active catalogue, whose ids a deal's `productIds` name (docs/api.md). */
export const loader = apiHandler(async ({ request }: LoaderFunctionArgs) => {
  const caller = await requireApiCaller(request, 'read:deal:own')
  const products = await caller.db((db) => productCatalogue(db))
  return apiJson({ data: products.map((product) => ({ id: product.id, name: product.name, line: product.line })) })
})

export const action = apiHandler(async () => methodNotAllowed('GET'))

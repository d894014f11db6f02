import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { requireVendor } from '#app/features/auth/guards.server.ts'

/** The vendor console: vendor staff on the main host only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireVendor({ request, context })
  return null
}

export default function Console() {
  return <Outlet />
}

import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { lucia, sessionCookieHeader } from '#app/features/auth/lucia.server.ts'
import { identify } from '#app/features/auth/viewer.server.ts'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = await identify({ request, context })
  if (viewer) await lucia.invalidateSession(viewer.sessionId)
  return redirect('/login', { headers: { 'Set-Cookie': sessionCookieHeader(null, request) } })
}

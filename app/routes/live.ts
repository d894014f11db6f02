import type { LoaderFunctionArgs } from '@remix-run/node'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { subscribeTenant, whenListening } from '#db/live.server.ts'

/** Proxies and load balancers close a connection idle for a minute or so; a comment line keeps it busy. */
const heartbeatMs = 25_000
/** The browser reconnects when the stream ends, and the session is checked again. */
const lifetimeMs = 15 * 60_000

const encoder = new TextEncoder()

/**
 * Server-sent events for the signed-in partner: `event: change` with the topic
 * (`{"topic":"deals"}`) whenever their organization's data changes, in any app
 * process. Only the topic is sent; the page reloads its own data through its
 * loaders, under its own permissions.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = await requirePartner({ request, context })
  let stop = () => {}
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true
      const send = (text: string) => {
        if (open) controller.enqueue(encoder.encode(text))
      }
      const end = () => {
        if (!open) return
        stop()
        controller.close()
      }
      const unsubscribe = subscribeTenant(viewer.tenantId, ({ topic }) => send(`event: change\ndata: ${JSON.stringify({ topic })}\n\n`))
      const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs)
      const lifetime = setTimeout(end, lifetimeMs)
      stop = () => {
        open = false
        unsubscribe()
        clearInterval(heartbeat)
        clearTimeout(lifetime)
        request.signal.removeEventListener('abort', end)
      }
      request.signal.addEventListener('abort', end)
      if (request.signal.aborted) end()
      // The first line says the subscription is in place (and sends the headers on their way).
      void whenListening().catch(() => undefined).then(() => send(': listening\n\n'))
    },
    cancel() {
      stop()
    },
  })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Accel-Buffering': 'no',
    },
  })
}

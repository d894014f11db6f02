import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import type { LiveTopic } from './live-topics.ts'

/**
 * Reloads the page's loader data when the server says one of `topics` changed
 * for the viewer's organization (GET /live, server-sent events). A burst of
 * changes costs at most two reloads: the one in flight and one after it.
 * EventSource reconnects by itself when the connection drops.
 */
export function useLiveUpdates(topics: LiveTopic[]) {
  const { revalidate, state } = useRevalidator()
  const latestRevalidate = useRef(revalidate)
  latestRevalidate.current = revalidate
  // Refs, not state: two events in one tick must see the first one's revalidation.
  const queue = useRef({ inFlight: false, pending: false })

  const wanted = [...new Set(topics)].sort().join(' ')
  useEffect(() => {
    const listed = new Set(wanted.split(' '))
    const source = new EventSource('/live')
    source.addEventListener('change', (event: MessageEvent<string>) => {
      let topic: unknown
      try {
        topic = (JSON.parse(event.data) as { topic?: unknown }).topic
      } catch {
        return
      }
      if (typeof topic !== 'string' || !listed.has(topic)) return
      if (queue.current.inFlight) {
        queue.current.pending = true
        return
      }
      queue.current.inFlight = true
      latestRevalidate.current()
    })
    return () => source.close()
  }, [wanted])

  useEffect(() => {
    if (state !== 'idle' || !queue.current.inFlight) return
    if (queue.current.pending) {
      queue.current.pending = false
      latestRevalidate.current()
    } else {
      queue.current.inFlight = false
    }
  }, [state])
}

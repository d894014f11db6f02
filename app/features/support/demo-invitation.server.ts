import { createEvent, type Attendee } from 'ics'
import { env } from '#app/env.server.ts'

export interface DemoInvitation {
  demoId: string
  prospectCompany: string
  start: Date
  durationMinutes: number
  meetingUrl: string | null
  products: readonly string[]
  /** The channel manager who scheduled it. */
  organizer: { name: string; email: string }
  /** The partner user who asked for it. */
  requester: { name: string; email: string }
  attendees: readonly string[]
}

/** The same demo always has the same UID, so a calendar updates its event rather than adding another. */
export function demoUid(demoId: string) {
  return `demo-${demoId}@${env().PORTAL_DOMAIN}`
}

/** An iCalendar invitation (METHOD:REQUEST) for a scheduled demo, in UTC. */
export function demoInvitation(demo: DemoInvitation): string {
  const invitees: Attendee[] = [{ name: demo.requester.name, email: demo.requester.email }]
  for (const email of demo.attendees) {
    if (!invitees.some((invitee) => invitee.email?.toLowerCase() === email.toLowerCase())) invitees.push({ name: email, email })
  }
  const description = [
    `Demo for ${demo.prospectCompany}.`,
    demo.meetingUrl ? `Join: ${demo.meetingUrl}` : 'The meeting link follows from the channel team.',
    demo.products.length ? `Products: ${demo.products.join(', ')}` : null,
    `Requested by ${demo.requester.name}.`,
  ].filter(Boolean).join('\n')

  const { error, value } = createEvent({
    uid: demoUid(demo.demoId),
    method: 'REQUEST',
    productId: 'partner-portal/demo-requests',
    sequence: 0,
    status: 'CONFIRMED',
    title: `Demo: ${demo.prospectCompany}`,
    description,
    start: demo.start.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: demo.durationMinutes },
    ...(demo.meetingUrl ? { location: demo.meetingUrl, url: demo.meetingUrl } : {}),
    organizer: { name: demo.organizer.name, email: demo.organizer.email },
    attendees: invitees.map((invitee) => ({ ...invitee, rsvp: true, role: 'REQ-PARTICIPANT', partstat: 'NEEDS-ACTION' })),
  })
  if (error || !value) throw new Error(`Could not build the calendar invitation for demo ${demo.demoId}: ${error?.message ?? 'no output'}`)
  return value
}

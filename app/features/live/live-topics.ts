/** What changed for a tenant: each topic names data a page may show and reload on change. */
export const liveTopics = ['deals', 'payouts', 'commissions', 'tier'] as const

export type LiveTopic = (typeof liveTopics)[number]

export function isLiveTopic(value: unknown): value is LiveTopic {
  return typeof value === 'string' && (liveTopics as readonly string[]).includes(value)
}

import { systemDb } from '#db/system.server.ts'
import { processClosedWonDeals } from '#app/features/commissions/ledger.server.ts'
import { sendContentReviewReminders } from '#app/features/content/review-reminders.server.ts'
import { extractPendingTexts } from '#app/features/content/text-extraction.server.ts'
import { sweepDealProtection } from '#app/features/deals/protection-sweep.server.ts'
import { sweepSlaAlerts } from '#app/features/support/sla-alerts.server.ts'
import { evaluateAllPartners } from '#app/features/tiers/evaluation.server.ts'
import { sendRenewalReminders } from '#app/features/training/renewal-reminders.server.ts'

/**
 * Periodic system jobs, run by every server process: each job is idempotent
 * and claims its rows with SKIP LOCKED, so several processes sweeping at once
 * never do a piece of work twice (decision 006).
 */
const jobs = [
  { name: 'deal protection sweep', everyMs: 5 * 60_000, run: async () => sweepDealProtection(await systemDb()) },
  { name: 'commission ledger', everyMs: 60_000, run: processCommissionsNow },
  { name: 'SLA alerts', everyMs: 60_000, run: async () => sweepSlaAlerts(await systemDb()) },
  { name: 'certification renewal reminders', everyMs: 60 * 60_000, run: async () => sendRenewalReminders(await systemDb()) },
  { name: 'content review reminders', everyMs: 60 * 60_000, run: async () => sendContentReviewReminders(await systemDb()) },
  { name: 'content text extraction', everyMs: 60_000, run: async () => extractPendingTexts(await systemDb()) },
  { name: 'tier evaluation', everyMs: 6 * 60 * 60_000, run: async () => evaluateAllPartners(await systemDb()) },
]

let timers: NodeJS.Timeout[] = []

export function startScheduledJobs() {
  if (timers.length) return
  for (const job of jobs) {
    const run = () => job.run().catch((error: unknown) => console.error(`Scheduled job "${job.name}" failed:`, error))
    // Once at start-up (deals that expired while the portal was down), then on the interval.
    setTimeout(run, 1_000).unref()
    timers.push(setInterval(run, job.everyMs).unref())
  }
}

export function stopScheduledJobs() {
  for (const timer of timers) clearInterval(timer)
  timers = []
}

/**
 * Records the commission of deals closed won since the last run. The close
 * calls it at once, so partners see their lines without waiting; the
 * interval catches what a failed or interrupted run left.
 */
export async function processCommissionsNow() {
  return processClosedWonDeals(await systemDb())
}

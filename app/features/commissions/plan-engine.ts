import { formatMoney } from '#app/features/deals/money.ts'
import { allocate, applyBps } from './allocation.ts'
import type { CommissionRules, RatePair } from './plan-rules.ts'

/** The commission of one won deal under one plan version (decision 007): pure, exact, reproducible. */

export type Involvement = 'sourcing' | 'assisting'

export interface DealForCommission {
  dealId: string
  closedAt: Date
  involvement: Involvement
  /** Never negative: a refund is a reversal of the deal's lines, not a negative deal. */
  bookedAmountMinor: bigint
  currency: string
  partnerTier: string
  /** May be empty: then the whole amount is one share keyed `deal`. */
  products: { id: string; productLineId: string }[]
  /** Booked revenue (same currency) of the partner's won deals closed earlier in the same calendar quarter (UTC). */
  quarterAttainmentBeforeMinor: bigint
}

export interface PlanVersionRef {
  planId: string
  version: number
  rules: CommissionRules
}

export interface CommissionLine {
  /** Stable per deal (`rate:<product>`, `rate:<product>:m3`, `accelerator`, `bounty`): recomputing inserts nothing new. */
  lineKey: string
  amountMinor: bigint
  currency: string
  availableAt: Date
  description: string
}

interface Share {
  key: string
  productLineId: string | null
  amount: bigint
  label: string
}

const dayMs = 86_400_000

export function computeCommission(deal: DealForCommission, plan: PlanVersionRef): CommissionLine[] {
  const { rules } = plan
  if (deal.bookedAmountMinor < 0n || deal.quarterAttainmentBeforeMinor < 0n) {
    throw new RangeError(`deal ${deal.dealId}: booked amount and attainment are never negative (refunds are reversals)`)
  }
  const money = (minor: bigint) => formatMoney(Number(minor), deal.currency)
  // UTC days are always 24 hours, so adding milliseconds is date-fns `addDays` in UTC.
  const firstAvailable = new Date(deal.closedAt.getTime() + rules.holdDays * dayMs)
  const lines: CommissionLine[] = []
  const add = (lineKey: string, amountMinor: bigint, description: string, availableAt = firstAvailable) => {
    if (amountMinor !== 0n) lines.push({ lineKey, amountMinor, currency: deal.currency, availableAt, description })
  }

  const recurring = new Set(rules.recurring?.productLineIds)
  for (const share of sharesOf(deal)) {
    const rate = rateFor(rules, deal.partnerTier, share.productLineId)
    if (!rate) continue
    const bps = rate.pair[deal.involvement]
    const amount = applyBps(share.amount, bps)
    const lineKey = `rate:${share.key}`
    const description = `${percent(bps)} of ${money(share.amount)}, ${share.label}, ${deal.involvement}, ${rate.source}`
    if (rules.recurring && share.productLineId !== null && recurring.has(share.productLineId)) {
      const { months } = rules.recurring
      allocate(amount, months).forEach((installment, index) => {
        const n = index + 1
        add(`${lineKey}:m${n}`, installment, `${description}, installment ${n} of ${months}`, addMonthsUTC(firstAvailable, index))
      })
    } else {
      add(lineKey, amount, description)
    }
  }

  const threshold = own(rules.accelerator?.thresholds, deal.currency)
  if (rules.accelerator && threshold !== undefined) {
    const before = deal.quarterAttainmentBeforeMinor
    const start = BigInt(threshold) > before ? BigInt(threshold) : before
    const above = before + deal.bookedAmountMinor - start
    if (above > 0n) {
      const { extraBps } = rules.accelerator
      add('accelerator', applyBps(above, extraBps), `${percent(extraBps)} accelerator on ${money(above)} above the quarterly threshold of ${money(BigInt(threshold))}`)
    }
  }

  const bounty = own(rules.bounty?.[deal.involvement], deal.currency)
  if (bounty !== undefined) add('bounty', BigInt(bounty), `Bounty per won deal, ${deal.involvement}`)

  lines.sort(byAvailableThenKey)
  const cap = own(rules.capPerDeal, deal.currency)
  return cap === undefined ? lines : capLines(lines, BigInt(cap), money)
}

/** Equal shares in product-id order, the first ones one unit larger (decision 007, step 1). */
function sharesOf(deal: DealForCommission): Share[] {
  if (deal.products.length === 0) return [{ key: 'deal', productLineId: null, amount: deal.bookedAmountMinor, label: 'whole deal' }]
  const products = [...deal.products].sort((a, b) => compareText(a.id, b.id))
  products.forEach((product, index) => {
    // Two shares with one line key: the ledger's unique key would silently drop one.
    if (index > 0 && product.id === products[index - 1]!.id) throw new Error(`deal ${deal.dealId} lists product ${product.id} twice`)
  })
  const amounts = allocate(deal.bookedAmountMinor, products.length)
  return products.map((product, index) => ({
    key: product.id,
    productLineId: product.productLineId,
    amount: amounts[index]!,
    label: `product share ${index + 1} of ${products.length}`,
  }))
}

/** The product line's rate, else the tier's, else the plan's (decision 007, step 2). */
function rateFor(rules: CommissionRules, tier: string, productLineId: string | null): { pair: RatePair; source: string } | null {
  const lineRate = productLineId === null ? undefined : own(rules.productLineRates, productLineId)
  if (lineRate) return { pair: lineRate, source: 'product line rate' }
  const tierRate = own(rules.tierRates, tier)
  if (tierRate) return { pair: tierRate, source: `${tier} tier rate` }
  return rules.rate ? { pair: rules.rate, source: 'plan rate' } : null
}

/**
 * Takes the excess over the cap from the lines paid last (the end of the
 * sorted list: latest `availableAt`, then the greater line key), so what is
 * paid soonest stays whole; a line cut to zero is dropped.
 */
function capLines(lines: CommissionLine[], cap: bigint, money: (minor: bigint) => string): CommissionLine[] {
  let excess = lines.reduce((sum, line) => sum + line.amountMinor, 0n) - cap
  const capped = [...lines]
  for (let index = capped.length - 1; index >= 0 && excess > 0n; index--) {
    const line = capped[index]!
    const cut = line.amountMinor < excess ? line.amountMinor : excess
    excess -= cut
    capped[index] = { ...line, amountMinor: line.amountMinor - cut, description: `${line.description}; ${money(cut)} less (cap of ${money(cap)} per deal)` }
  }
  return capped.filter((line) => line.amountMinor !== 0n)
}

/** The newest version (highest number) in effect at the close: `effectiveFrom` at or before `closedAt`. */
export function selectPlanVersion<V extends { version: number; effectiveFrom: Date }>(versions: readonly V[], closedAt: Date): V | null {
  let chosen: V | null = null
  for (const candidate of versions) {
    if (candidate.effectiveFrom.getTime() <= closedAt.getTime() && (!chosen || candidate.version > chosen.version)) chosen = candidate
  }
  return chosen
}

/**
 * The plan listing the partner type, else the default plan (listing none).
 * Should two plans claim the same type (or two be default), the first by id wins,
 * so the choice never depends on the order rows come back in.
 */
export function selectPlan<P extends { id: string; partnerTypes: readonly string[] }>(plans: readonly P[], partnerType: string | null): P | null {
  const ordered = [...plans].sort((a, b) => compareText(a.id, b.id))
  return (
    (partnerType === null ? undefined : ordered.find((plan) => plan.partnerTypes.includes(partnerType))) ??
    ordered.find((plan) => plan.partnerTypes.length === 0) ??
    null
  )
}

/** date-fns `addMonths` in UTC: the day is kept, or clamped to the month's last (Jan 31 + 1 month = Feb 28 or 29). */
function addMonthsUTC(date: Date, months: number): Date {
  const result = new Date(date)
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months + 1, 0)).getUTCDate()
  result.setUTCFullYear(date.getUTCFullYear(), date.getUTCMonth() + months, Math.min(date.getUTCDate(), lastDay))
  return result
}

function byAvailableThenKey(a: CommissionLine, b: CommissionLine): number {
  return a.availableAt.getTime() - b.availableAt.getTime() || compareText(a.lineKey, b.lineKey)
}

/** Code-unit order, the same in every locale (not `localeCompare`). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Own keys only: a tier named `constructor` must not find `Object.prototype.constructor`. */
function own<V>(record: Partial<Record<string, V>> | undefined, key: string): V | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined
}

/** 1050 bps → "10.50 %". */
function percent(bps: number): string {
  return `${Math.trunc(bps / 100)}.${String(bps % 100).padStart(2, '0')} %`
}

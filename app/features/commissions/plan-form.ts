import { dealCurrencies, parseAmount } from '#app/features/deals/money.ts'
import { commissionRulesSchema, type CommissionRules, type CommissionRulesInput } from './plan-rules.ts'

/**
 * The plan version form ⇄ commission rules. People type percentages ("12.5")
 * and amounts per currency ("USD 500, EUR 450"); the rules hold basis points
 * and minor units. Field names are the rules' paths (`rate.sourcing`,
 * `tierRates.Gold.assisting`, `productLineRates.<id>.sourcing`), so the
 * schema's messages land next to the field that caused them.
 */

export type PlanFormErrors = Record<string, string[]>

/** "12.5" → 1250 basis points; null when it is not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim())
  if (!match) return null
  const bps = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return bps <= 10_000 ? bps : null
}

export function bpsToPercent(bps: number): string {
  return (bps / 100).toFixed(2).replace(/\.?0+$/, '')
}

/** "USD 500, EUR 1,250.50" → { USD: 50000, EUR: 125050 }; a message when a part is not "CODE amount". */
export function parseAmounts(text: string): { amounts: Record<string, number> } | { error: string } {
  const amounts: Record<string, number> = {}
  for (const part of text.split(/[;\n]|,(?=\s*[A-Za-z])/).map((p) => p.trim()).filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s+(.+)$/.exec(part)
    const currency = match?.[1]?.toUpperCase()
    if (!match || !currency || !(dealCurrencies as readonly string[]).includes(currency)) {
      return { error: `Write amounts as “USD 500, EUR 450” with one of ${dealCurrencies.join(', ')}.` }
    }
    const minor = parseAmount(match[2]!, currency)
    if (minor === null) return { error: `“${match[2]}” is not an amount in ${currency}.` }
    if (currency in amounts) return { error: `${currency} is listed twice.` }
    amounts[currency] = minor
  }
  return { amounts }
}

export function formatAmounts(amounts: Record<string, number> | undefined): string {
  return Object.entries(amounts ?? {}).map(([currency, minor]) => `${currency} ${amountText(minor, currency)}`).join(', ')
}

function amountText(minor: number, currency: string) {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  return (minor / 10 ** digits).toFixed(digits)
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim()

/** Reads the form; returns the checked rules, or the messages per field. */
export function parsePlanForm(form: FormData, choices: { tiers: string[]; productLineIds: string[] }):
  | { ok: true; rules: CommissionRules }
  | { ok: false; errors: PlanFormErrors } {
  const errors: PlanFormErrors = {}
  const fail = (field: string, message: string) => void (errors[field] = [...(errors[field] ?? []), message])

  /** Both rates of a pair, or neither; undefined when the pair is left empty. */
  const pair = (prefix: string) => {
    const [sourcing, assisting] = [text(form, `${prefix}.sourcing`), text(form, `${prefix}.assisting`)]
    if (!sourcing && !assisting) return undefined
    const result: Record<string, number> = {}
    for (const [key, value] of [['sourcing', sourcing], ['assisting', assisting]] as const) {
      const bps = percentToBps(value)
      if (bps === null) fail(`${prefix}.${key}`, value ? 'Enter a percentage from 0 to 100, like 12.5.' : 'Enter both rates, or neither.')
      else result[key] = bps
    }
    return result as { sourcing: number; assisting: number }
  }
  const amounts = (field: string) => {
    const value = text(form, field)
    if (!value) return undefined
    const parsed = parseAmounts(value)
    if ('error' in parsed) return void fail(field, parsed.error)
    return parsed.amounts
  }

  const input: CommissionRulesInput = { tierRates: {}, productLineRates: {} }
  const rate = pair('rate')
  if (rate) input.rate = rate
  for (const tier of choices.tiers) {
    const tierRate = pair(`tierRates.${tier}`)
    if (tierRate) input.tierRates![tier] = tierRate
  }
  for (const line of choices.productLineIds) {
    const lineRate = pair(`productLineRates.${line}`)
    if (lineRate) input.productLineRates![line] = lineRate
  }
  const [bountySourcing, bountyAssisting] = [amounts('bounty.sourcing'), amounts('bounty.assisting')]
  if (bountySourcing || bountyAssisting) input.bounty = { sourcing: bountySourcing ?? {}, assisting: bountyAssisting ?? {} }
  const thresholds = amounts('accelerator.thresholds')
  const extra = text(form, 'accelerator.extraBps')
  if (thresholds || extra) {
    const extraBps = percentToBps(extra)
    if (extraBps === null) fail('accelerator.extraBps', 'Enter the extra percentage above the threshold, like 2.')
    input.accelerator = { thresholds: thresholds ?? {}, extraBps: extraBps ?? 0 }
  }
  const cap = amounts('capPerDeal')
  if (cap) input.capPerDeal = cap
  const recurringLines = form.getAll('recurring.productLineIds').map(String).filter((id) => choices.productLineIds.includes(id))
  const months = text(form, 'recurring.months')
  if (recurringLines.length || months) {
    input.recurring = { productLineIds: recurringLines, months: /^\d+$/.test(months) ? Number(months) : Number.NaN }
  }
  const hold = text(form, 'holdDays')
  input.holdDays = /^\d{1,3}$/.test(hold) ? Number(hold) : hold ? Number.NaN : undefined

  const parsed = commissionRulesSchema.safeParse(input)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) fail(issue.path.join('.') || 'rules', issue.message)
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors }
  return { ok: true, rules: parsed.data }
}

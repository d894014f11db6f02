import { faker } from '@faker-js/faker'
import { describe, expect, test } from 'vitest'
import { computeCommission, selectPlan, selectPlanVersion, type CommissionLine, type DealForCommission } from './plan-engine.ts'
import { commissionRulesSchema } from './plan-rules.ts'

const computeLine = '0a000000-0000-4000-8000-000000000001'
const storageLine = '0a000000-0000-4000-8000-000000000002'
const saasLine = '0a000000-0000-4000-8000-000000000003'
const [p1, p2, p3] = ['0b000000-0000-4000-8000-000000000001', '0b000000-0000-4000-8000-000000000002', '0b000000-0000-4000-8000-000000000003']
const rate = { sourcing: 1_000, assisting: 500 }

function deal(overrides: Partial<DealForCommission> = {}): DealForCommission {
  return {
    dealId: 'deal-1',
    closedAt: new Date('2027-02-10T15:30:00Z'),
    involvement: 'sourcing',
    bookedAmountMinor: 1_234_567n,
    currency: 'EUR',
    partnerTier: 'Registered',
    products: [],
    quarterAttainmentBeforeMinor: 0n,
    ...overrides,
  }
}

/** Rules go through the schema, as they do from the database. */
function commission(dealOverrides: Partial<DealForCommission>, rules: unknown) {
  return computeCommission(deal(dealOverrides), { planId: 'plan-1', version: 1, rules: commissionRulesSchema.parse(rules) })
}

const amounts = (lines: CommissionLine[]) => Object.fromEntries(lines.map((line) => [line.lineKey, line.amountMinor]))
const total = (lines: CommissionLine[]) => lines.reduce((sum, line) => sum + line.amountMinor, 0n)
const day = (iso: string) => new Date(`${iso}T15:30:00Z`)

describe('plan types and involvement', () => {
  const bounty = { sourcing: { EUR: 50_000, JPY: 5_000 }, assisting: { EUR: 20_000 } }
  test.each<[string, unknown, Partial<DealForCommission>, Record<string, bigint>]>([
    ['flat bounty, sourced', { bounty }, {}, { bounty: 50_000n }],
    ['flat bounty, assisted', { bounty }, { involvement: 'assisting' }, { bounty: 20_000n }],
    ['flat bounty, JPY', { bounty }, { currency: 'JPY' }, { bounty: 5_000n }],
    ['percentage, sourced (123,456.7)', { rate }, {}, { 'rate:deal': 123_457n }],
    ['percentage, assisted (61,728.35)', { rate }, { involvement: 'assisting' }, { 'rate:deal': 61_728n }],
    ['percentage, JPY has no decimals', { rate }, { currency: 'JPY' }, { 'rate:deal': 123_457n }],
    ['tiered: the tier’s rate replaces the plan’s', { rate, tierRates: { Gold: { sourcing: 1_500, assisting: 800 } } }, { partnerTier: 'Gold' }, { 'rate:deal': 185_185n }],
    ['tiered: an unlisted tier gets the plan’s rate', { rate, tierRates: { Gold: { sourcing: 1_500, assisting: 800 } } }, { partnerTier: 'Silver' }, { 'rate:deal': 123_457n }],
    ['tiered: an unlisted tier and no plan rate earn nothing', { tierRates: { Gold: rate } }, { partnerTier: 'Silver' }, {}],
    ['tiered: a tier named like an object property', { rate, tierRates: { Gold: rate } }, { partnerTier: 'constructor' }, { 'rate:deal': 123_457n }],
    ['hybrid: bounty plus rate', { rate, bounty }, {}, { bounty: 50_000n, 'rate:deal': 123_457n }],
    ['hybrid, assisted', { rate, bounty }, { involvement: 'assisting' }, { bounty: 20_000n, 'rate:deal': 61_728n }],
    ['bounty in a currency the plan does not list', { rate, bounty }, { currency: 'USD' }, { 'rate:deal': 123_457n }],
    ['bounty in a currency that is no deal currency', { rate, bounty }, { currency: 'ZAR' }, { 'rate:deal': 123_457n }],
    ['a zero bounty is no line', { bounty: { sourcing: { EUR: 0 } } }, {}, {}],
    ['zero booked amount: only the bounty', { rate, bounty }, { bookedAmountMinor: 0n }, { bounty: 50_000n }],
    ['zero booked amount over products: nothing', { rate }, { bookedAmountMinor: 0n, products: [{ id: p1, productLineId: computeLine }] }, {}],
    ['half a unit rounds up', { rate }, { bookedAmountMinor: 5n }, { 'rate:deal': 1n }],
    ['under half a unit rounds to nothing, and a zero line is dropped', { rate }, { bookedAmountMinor: 4n }, {}],
  ])('%s', (_what, rules, overrides, expected) => {
    expect(amounts(commission(overrides, rules))).toEqual(expected)
  })

  test('every line waits holdDays and describes itself', () => {
    expect(commission({}, { rate, bounty, holdDays: 30 })).toEqual([
      { lineKey: 'bounty', amountMinor: 50_000n, currency: 'EUR', availableAt: day('2027-03-12'), description: 'Bounty per won deal, sourcing' },
      {
        lineKey: 'rate:deal', amountMinor: 123_457n, currency: 'EUR', availableAt: day('2027-03-12'),
        description: '10.00 % of €12,345.67, whole deal, sourcing, plan rate',
      },
    ])
  })
})

describe('products and product lines', () => {
  // Given out of order: shares follow product-id order, the first one unit larger.
  const products = [
    { id: p3, productLineId: storageLine },
    { id: p1, productLineId: computeLine },
    { id: p2, productLineId: storageLine },
  ]
  const rules = { rate, tierRates: { Gold: { sourcing: 1_500, assisting: 750 } }, productLineRates: { [computeLine]: { sourcing: 2_000, assisting: 1_000 } } }

  test.each<[string, Partial<DealForCommission>, Record<string, bigint>]>([
    // 1,000,000 → 333,334 / 333,333 / 333,333
    ['plan rate, sourced', {}, { [`rate:${p1}`]: 66_667n, [`rate:${p2}`]: 33_333n, [`rate:${p3}`]: 33_333n }],
    ['plan rate, assisted', { involvement: 'assisting' }, { [`rate:${p1}`]: 33_333n, [`rate:${p2}`]: 16_667n, [`rate:${p3}`]: 16_667n }],
    ['the product line’s rate beats the tier’s', { partnerTier: 'Gold' }, { [`rate:${p1}`]: 66_667n, [`rate:${p2}`]: 50_000n, [`rate:${p3}`]: 50_000n }],
  ])('%s', (_what, overrides, expected) => {
    expect(amounts(commission({ bookedAmountMinor: 1_000_000n, products, ...overrides }, rules))).toEqual(expected)
  })

  test('one unit over three products goes to the first by id', () => {
    const lines = commission({ bookedAmountMinor: 1n, products }, { rate: { sourcing: 10_000, assisting: 10_000 } })
    expect(amounts(lines)).toEqual({ [`rate:${p1}`]: 1n })
    expect(lines[0]!.description).toBe('100.00 % of €0.01, product share 1 of 3, sourcing, plan rate')
  })

  test('the description names the share and where its rate comes from', () => {
    const descriptions = commission({ bookedAmountMinor: 1_234_566n, products, partnerTier: 'Gold' }, rules).map((line) => line.description)
    expect(descriptions).toEqual([
      '20.00 % of €4,115.22, product share 1 of 3, sourcing, product line rate',
      '15.00 % of €4,115.22, product share 2 of 3, sourcing, Gold tier rate',
      '15.00 % of €4,115.22, product share 3 of 3, sourcing, Gold tier rate',
    ])
  })

  test('a tier change mid-period: each deal uses the tier it was closed under', () => {
    const tiered = { rate, tierRates: { Silver: { sourcing: 1_200, assisting: 600 }, Gold: { sourcing: 1_500, assisting: 750 } } }
    const before = commission({ dealId: 'd1', closedAt: day('2027-01-10'), partnerTier: 'Silver', bookedAmountMinor: 1_000_000n }, tiered)
    const after = commission({ dealId: 'd2', closedAt: day('2027-02-20'), partnerTier: 'Gold', bookedAmountMinor: 1_000_000n, quarterAttainmentBeforeMinor: 1_000_000n }, tiered)
    expect(amounts(before)).toEqual({ 'rate:deal': 120_000n })
    expect(amounts(after)).toEqual({ 'rate:deal': 150_000n })
  })

  test('the same product twice is refused rather than one line silently lost', () => {
    expect(() => commission({ products: [{ id: p1, productLineId: computeLine }, { id: p1, productLineId: computeLine }] }, { rate })).toThrow('twice')
  })

  test.each([[-1n, 0n], [0n, -1n]])('a negative booked amount (%s) or attainment (%s) is refused', (booked, before) => {
    expect(() => commission({ bookedAmountMinor: booked, quarterAttainmentBeforeMinor: before }, { rate })).toThrow(RangeError)
  })
})

describe('accelerator', () => {
  const rules = { rate, accelerator: { thresholds: { EUR: 1_000_000, JPY: 0 }, extraBps: 200 } }
  test.each<[string, bigint, bigint, string, bigint | undefined]>([
    ['below the threshold', 200_000n, 300_000n, 'EUR', undefined],
    ['reaching it exactly', 700_000n, 300_000n, 'EUR', undefined],
    ['crossing it in the middle of the deal (300,000 above)', 800_000n, 500_000n, 'EUR', 6_000n],
    ['already above (the whole deal)', 1_500_000n, 500_000n, 'EUR', 10_000n],
    ['one unit above: 0.02 rounds to nothing', 0n, 1_000_001n, 'EUR', undefined],
    ['a zero threshold: from the first unit', 0n, 500_000n, 'JPY', 10_000n],
    ['no threshold in the currency', 5_000_000n, 500_000n, 'USD', undefined],
    ['zero booked amount above the threshold', 5_000_000n, 0n, 'EUR', undefined],
  ])('%s', (_what, before, booked, currency, expected) => {
    const lines = commission({ quarterAttainmentBeforeMinor: before, bookedAmountMinor: booked, currency }, rules)
    expect(amounts(lines).accelerator).toBe(expected)
  })

  test('describes the revenue above the threshold', () => {
    const line = commission({ quarterAttainmentBeforeMinor: 800_000n, bookedAmountMinor: 500_000n }, rules).find((l) => l.lineKey === 'accelerator')
    expect(line?.description).toBe('2.00 % accelerator on €3,000.00 above the quarterly threshold of €10,000.00')
  })
})

describe('recurring installments', () => {
  const rules = { rate, recurring: { productLineIds: [saasLine], months: 12 }, holdDays: 0 }
  const saas = { id: p2, productLineId: saasLine }

  test('installments sum to the line, the first ones a unit larger, and other lines stay whole', () => {
    const lines = commission({ bookedAmountMinor: 2_000_000n, products: [saas, { id: p1, productLineId: computeLine }] }, rules)
    const installments = lines.filter((line) => line.lineKey.startsWith(`rate:${p2}:m`))
    expect(installments.map((line) => line.lineKey)).toEqual(Array.from({ length: 12 }, (_, i) => `rate:${p2}:m${i + 1}`))
    expect(total(installments)).toBe(100_000n)
    expect(installments.map((line) => line.amountMinor)).toEqual([...Array(4).fill(8_334n), ...Array(8).fill(8_333n)])
    expect(amounts(lines)[`rate:${p1}`]).toBe(100_000n)
    expect(installments[1]!.description).toBe('10.00 % of €10,000.00, product share 2 of 2, sourcing, plan rate, installment 2 of 12')
  })

  test.each([
    ['a month end, clamped and restored', '2027-01-31T09:00:00Z', 0, ['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']],
    ['a leap year', '2028-01-31T09:00:00Z', 0, ['2028-01-31', '2028-02-29', '2028-03-31', '2028-04-30', '2028-05-31']],
    ['the 30th', '2027-01-30T09:00:00Z', 0, ['2027-01-30', '2027-02-28', '2027-03-30', '2027-04-30', '2027-05-30']],
    ['across a year end, after the hold', '2027-10-02T09:00:00Z', 30, ['2027-11-01', '2027-12-01', '2028-01-01', '2028-02-01', '2028-03-01']],
  ])('dates month by month: %s', (_what, closedAt, holdDays, expected) => {
    const lines = commission(
      { closedAt: new Date(closedAt), bookedAmountMinor: 500_000n, products: [saas] },
      { ...rules, recurring: { productLineIds: [saasLine], months: 5 }, holdDays },
    )
    expect(lines.map((line) => line.availableAt.toISOString())).toEqual(expected.map((date) => `${date}T09:00:00.000Z`))
  })
})

describe('cap per deal', () => {
  // Uncapped: rate 100,000 and bounty 20,000, both available on the same day.
  const base = { rate, bounty: { sourcing: { EUR: 20_000 } } }
  test.each<[string, Record<string, number>, Record<string, bigint>]>([
    ['no cap in the currency', { USD: 1 }, { bounty: 20_000n, 'rate:deal': 100_000n }],
    ['a cap above the total', { EUR: 200_000 }, { bounty: 20_000n, 'rate:deal': 100_000n }],
    ['a cap hit exactly', { EUR: 120_000 }, { bounty: 20_000n, 'rate:deal': 100_000n }],
    ['a cap below: the greater key is reduced first', { EUR: 110_000 }, { bounty: 20_000n, 'rate:deal': 90_000n }],
    ['a cap below the bounty: the rate line is dropped', { EUR: 15_000 }, { bounty: 15_000n }],
    ['a zero cap', { EUR: 0 }, {}],
  ])('%s', (_what, capPerDeal, expected) => {
    expect(amounts(commission({ bookedAmountMinor: 1_000_000n }, { ...base, capPerDeal }))).toEqual(expected)
  })

  test('with installments: the latest are reduced first', () => {
    const rules = { ...base, capPerDeal: { EUR: 95_000 }, recurring: { productLineIds: [saasLine], months: 12 } }
    const lines = commission({ bookedAmountMinor: 1_200_000n, products: [{ id: p1, productLineId: saasLine }] }, rules)
    // 120,000 over 12 months + 20,000 bounty = 140,000: 45,000 too much, taken from m12, m11, m10, m9 and half of m8.
    expect(amounts(lines)).toEqual({
      bounty: 20_000n,
      ...Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`rate:${p1}:m${i + 1}`, 10_000n])),
      [`rate:${p1}:m8`]: 5_000n,
    })
    expect(total(lines)).toBe(95_000n)
    expect(lines.at(-1)!.description).toMatch(/installment 8 of 12; €50\.00 less \(cap of €950\.00 per deal\)$/)
  })
})

test('lines come ordered by availability, then line key', () => {
  const rules = {
    rate,
    bounty: { sourcing: { EUR: 1_000 } },
    accelerator: { thresholds: { EUR: 0 }, extraBps: 100 },
    recurring: { productLineIds: [saasLine], months: 2 },
  }
  const lines = commission({ products: [{ id: p3, productLineId: saasLine }, { id: p1, productLineId: computeLine }] }, rules)
  expect(lines.map((line) => line.lineKey)).toEqual(['accelerator', 'bounty', `rate:${p1}`, `rate:${p3}:m1`, `rate:${p3}:m2`])
})

test('over many generated deals: sum of lines = min(cap, uncapped total), every line positive, ordered and unique', () => {
  faker.seed(7007)
  const productLines = Array.from({ length: 3 }, () => faker.string.uuid())
  let capsHit = 0
  const pair = () => ({ sourcing: faker.number.int({ max: 3_000 }), assisting: faker.number.int({ max: 2_000 }) })
  for (let run = 0; run < 500; run++) {
    const currency = faker.helpers.arrayElement(['EUR', 'USD', 'JPY'] as const)
    const rules = commissionRulesSchema.parse({
      rate: faker.helpers.maybe(pair, { probability: 0.8 }),
      tierRates: faker.helpers.maybe(() => ({ Gold: pair() })),
      productLineRates: faker.helpers.maybe(() => ({ [productLines[0]!]: pair() })),
      bounty: { sourcing: { [currency]: faker.number.int({ max: 100_000 }) }, assisting: faker.helpers.maybe(() => ({ [currency]: 5_000 })) },
      accelerator: faker.helpers.maybe(() => ({ thresholds: { [currency]: faker.number.int({ max: 5_000_000 }) }, extraBps: faker.number.int({ max: 1_000 }) })),
      capPerDeal: faker.helpers.maybe(() => ({ [currency]: faker.number.int({ max: 400_000 }) })),
      recurring: faker.helpers.maybe(() => ({ productLineIds: [productLines[1]!], months: faker.number.int({ min: 2, max: 24 }) })),
      holdDays: faker.number.int({ max: 90 }),
    })
    const generated = deal({
      dealId: faker.string.uuid(),
      closedAt: faker.date.between({ from: '2027-01-01T00:00:00Z', to: '2028-12-31T23:59:59Z' }),
      involvement: faker.helpers.arrayElement(['sourcing', 'assisting']),
      bookedAmountMinor: BigInt(faker.helpers.maybe(() => 0, { probability: 0.05 }) ?? faker.number.int({ max: 10_000_000 })),
      currency,
      partnerTier: faker.helpers.arrayElement(['Gold', 'Silver']),
      products: Array.from({ length: faker.number.int({ max: 4 }) }, () => ({ id: faker.string.uuid(), productLineId: faker.helpers.arrayElement(productLines) })),
      quarterAttainmentBeforeMinor: BigInt(faker.number.int({ max: 6_000_000 })),
    })
    const capped = computeCommission(generated, { planId: 'p', version: 1, rules })
    const uncapped = computeCommission(generated, { planId: 'p', version: 1, rules: { ...rules, capPerDeal: undefined } })
    const cap = rules.capPerDeal?.[currency]
    const hit = cap !== undefined && BigInt(cap) < total(uncapped)
    if (hit) capsHit++
    const expected = hit ? BigInt(cap) : total(uncapped)
    const context = JSON.stringify({ run, rules, dealId: generated.dealId })
    expect(total(capped), context).toBe(expected)
    const earliest = generated.closedAt.getTime() + rules.holdDays * 86_400_000
    for (const line of capped) {
      expect(line.amountMinor > 0n && line.amountMinor <= amounts(uncapped)[line.lineKey]!, context).toBe(true)
      expect(line.availableAt.getTime(), context).toBeGreaterThanOrEqual(earliest)
      expect(line.description.length, context).toBeLessThanOrEqual(500)
    }
    expect(new Set(capped.map((line) => line.lineKey)).size, context).toBe(capped.length)
    expect([...capped].sort((a, b) => a.availableAt.getTime() - b.availableAt.getTime() || (a.lineKey < b.lineKey ? -1 : 1)), context).toEqual(capped)
  }
  expect(capsHit, 'the generated cases must exercise the cap').toBeGreaterThan(50)
})

describe('choosing the plan and its version', () => {
  const versions = [
    { version: 2, effectiveFrom: new Date('2027-04-01T00:00:00Z') },
    { version: 1, effectiveFrom: new Date('2027-01-01T00:00:00Z') },
    { version: 3, effectiveFrom: new Date('2027-07-01T00:00:00Z') },
  ]
  test.each<[string, string, number | null]>([
    ['before the first version', '2026-12-31T23:59:59.999Z', null],
    ['exactly at the first', '2027-01-01T00:00:00.000Z', 1],
    ['just before the second', '2027-03-31T23:59:59.999Z', 1],
    ['exactly at the second', '2027-04-01T00:00:00.000Z', 2],
    ['after the last', '2028-05-01T00:00:00.000Z', 3],
  ])('a deal closed %s', (_what, closedAt, expected) => {
    expect(selectPlanVersion(versions, new Date(closedAt))?.version ?? null).toBe(expected)
  })

  test('no versions: none', () => {
    expect(selectPlanVersion([], new Date())).toBeNull()
  })

  const plans = [
    { id: 'c', partnerTypes: ['reseller', 'msp'] },
    { id: 'b', partnerTypes: ['reseller'] },
    { id: 'a', partnerTypes: [] },
    { id: 'd', partnerTypes: ['referral'] },
  ]
  test.each<[string | null, string | null, typeof plans]>([
    ['referral', 'd', plans],
    ['msp', 'c', plans],
    ['reseller', 'b', plans], // claimed twice: the first by id
    ['distributor', 'a', plans], // the default
    [null, 'a', plans],
    ['distributor', null, plans.filter((plan) => plan.partnerTypes.length > 0)],
  ])('a %s partner gets plan %s', (partnerType, expected, candidates) => {
    expect(selectPlan(candidates, partnerType)?.id ?? null).toBe(expected)
  })
})

import { describe, expect, test } from 'vitest'
import { commissionRulesSchema } from './plan-rules.ts'

const lineId = '3f2b9c1e-8d4a-4e6f-9a1b-2c3d4e5f6a7b'
const rate = { sourcing: 1_000, assisting: 500 }
const earnsNothing = 'A plan must earn something: set a rate, a tier rate, a product line rate or a bounty.'
const bpsRange = 'Enter 0 to 10,000 basis points (0 to 100 %).'
const wholeBps = 'Enter a whole number of basis points (100 = 1 %).'

/** Every issue as `path: message`, the way the console puts messages next to fields. */
function issues(input: unknown): string[] {
  const result = commissionRulesSchema.safeParse(input)
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
}

describe('commission rules', () => {
  test('fills the defaults', () => {
    expect(commissionRulesSchema.parse({ rate })).toEqual({ rate, tierRates: {}, productLineRates: {}, holdDays: 30 })
  })

  test('accepts every rule at once, at the edges of its ranges', () => {
    const rules = {
      rate: { sourcing: 0, assisting: 10_000 },
      tierRates: { Gold: { sourcing: 1_500, assisting: 750 } },
      productLineRates: { [lineId]: { sourcing: 2_000, assisting: 1_000 } },
      bounty: { sourcing: { EUR: 50_000, JPY: 1_000_000_000_000 }, assisting: {} },
      accelerator: { thresholds: { EUR: 0 }, extraBps: 200 },
      capPerDeal: { EUR: 0 },
      recurring: { productLineIds: [lineId], months: 60 },
      holdDays: 365,
    }
    expect(commissionRulesSchema.parse(rules)).toEqual(rules)
  })

  test.each([
    ['a rate', { rate }],
    ['a tier rate', { tierRates: { Gold: rate } }],
    ['a product line rate', { productLineRates: { [lineId]: rate } }],
    ['a bounty', { bounty: { assisting: { USD: 10_000 } } }],
  ])('a plan with only %s earns something', (_what, rules) => {
    expect(issues(rules)).toEqual([])
  })

  test.each<[string, unknown, string[]]>([
    ['no rules', {}, [`: ${earnsNothing}`]],
    ['only empty maps', { tierRates: {}, productLineRates: {}, bounty: { sourcing: {}, assisting: {} }, holdDays: 10 }, [`: ${earnsNothing}`]],
    ['not an object', null, [': Enter the plan’s rules.']],
    ['a misspelled rule', { rate, capPerdeal: { EUR: 1 } }, [': Unknown field: capPerdeal.']],
    ['a rate above 100 %', { rate: { ...rate, sourcing: 10_001 } }, [`rate.sourcing: ${bpsRange}`]],
    ['a negative rate', { rate: { ...rate, assisting: -1 } }, [`rate.assisting: ${bpsRange}`]],
    ['a fractional rate', { rate: { ...rate, sourcing: 12.5 } }, [`rate.sourcing: ${wholeBps}`]],
    ['a rate as text', { rate: { ...rate, sourcing: '1000' } }, [`rate.sourcing: ${wholeBps}`]],
    ['a rate without assisting', { rate: { sourcing: 1_000 } }, ['rate.assisting: Enter the assisting rate in basis points.']],
    ['a rate that is a number', { rate: 1_000 }, ['rate: Enter a sourcing and an assisting rate.']],
    ['an empty tier name', { tierRates: { '': rate } }, ['tierRates.: Enter the tier name.']],
    ['a tier rate above 100 %', { tierRates: { Gold: { ...rate, assisting: 20_000 } } }, [`tierRates.Gold.assisting: ${bpsRange}`]],
    ['a product line that is no id', { productLineRates: { compute: rate } }, ['productLineRates.compute: Choose a product line from the catalogue.']],
    [
      'a bounty in an unknown currency',
      { bounty: { sourcing: { ZAR: 100 } } },
      ['bounty.sourcing.ZAR: ZAR is not a deal currency: use one of USD, EUR, GBP, CAD, AUD, CHF, SEK, NOK, DKK, JPY, SGD, INR, BRL, MXN.'],
    ],
    ['a bounty above the maximum', { bounty: { sourcing: { EUR: 1_000_000_000_001 } } }, ['bounty.sourcing.EUR: Enter 0 to 1,000,000,000,000 minor units.']],
    ['a fractional bounty', { bounty: { assisting: { EUR: 10.5 } } }, ['bounty.assisting.EUR: Enter a whole number of minor units (cents; yen for JPY).']],
    ['an accelerator without thresholds', { rate, accelerator: { extraBps: 200 } }, ['accelerator.thresholds: Set a quarterly threshold for at least one currency.']],
    ['an accelerator without its rate', { rate, accelerator: { thresholds: { EUR: 1 } } }, ['accelerator.extraBps: Enter the extra rate in basis points.']],
    ['an accelerator above 100 %', { rate, accelerator: { thresholds: { EUR: 1 }, extraBps: 10_001 } }, [`accelerator.extraBps: ${bpsRange}`]],
    ['a negative cap', { rate, capPerDeal: { USD: -1 } }, ['capPerDeal.USD: Enter 0 to 1,000,000,000,000 minor units.']],
    ['one installment', { rate, recurring: { productLineIds: [lineId], months: 1 } }, ['recurring.months: Enter 2 to 60 monthly installments.']],
    ['61 installments', { rate, recurring: { productLineIds: [lineId], months: 61 } }, ['recurring.months: Enter 2 to 60 monthly installments.']],
    ['no subscription lines', { rate, recurring: { productLineIds: [], months: 12 } }, ['recurring.productLineIds: Choose at least one subscription product line.']],
    ['a subscription line that is no id', { rate, recurring: { productLineIds: ['x'], months: 12 } }, ['recurring.productLineIds.0: Choose a product line from the catalogue.']],
    ['a hold of a year and a day', { rate, holdDays: 366 }, ['holdDays: Enter 0 to 365 days.']],
    ['a negative hold', { rate, holdDays: -1 }, ['holdDays: Enter 0 to 365 days.']],
    ['a hold of half a day', { rate, holdDays: 0.5 }, ['holdDays: Enter a whole number of days.']],
  ])('refuses %s', (_what, input, expected) => {
    expect(issues(input)).toEqual(expected)
  })
})

import { expect, test } from 'vitest'
import { amountInputValue, formatMoney, parseAmount } from './money.ts'

test.each([
  ['12,500.50', 'EUR', 1250050],
  ['12500.5', 'USD', 1250050],
  ['0.01', 'USD', 1],
  ['1 000', 'GBP', 100000],
  ['150000', 'JPY', 150000],
  ['1.5', 'JPY', null],
  ['1.234', 'USD', null],
  ['-5', 'USD', null],
  ['abc', 'USD', null],
  ['', 'USD', null],
  ['99999999999999', 'USD', null],
])('parseAmount(%s, %s) = %s', (input, currency, expected) => {
  expect(parseAmount(input, currency)).toBe(expected)
})

test('round-trips and formats without floating point drift', () => {
  expect(amountInputValue(1250050, 'EUR')).toBe('12500.50')
  expect(amountInputValue(5, 'USD')).toBe('0.05')
  expect(amountInputValue(150000, 'JPY')).toBe('150000')
  expect(parseAmount(amountInputValue(123456789, 'USD'), 'USD')).toBe(123456789)
  expect(formatMoney(1250050, 'EUR')).toBe('€12,500.50')
})

/** Amounts typed by people ⇄ integer minor units, exactly (no floating point). */

export const dealCurrencies = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'SGD', 'INR', 'BRL', 'MXN'] as const
export type DealCurrency = (typeof dealCurrencies)[number]

// Building an Intl.NumberFormat costs far more than using one: a list page formats hundreds of amounts.
const digitsByCurrency = new Map<string, number>()
const formatters = new Map<string, Intl.NumberFormat>()

export function minorDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency)
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
    digitsByCurrency.set(currency, digits)
  }
  return digits
}

/** "12,500.5" in EUR → 1250050; null when it is not an amount with at most the currency's decimals. */
export function parseAmount(input: string, currency: string): number | null {
  const cleaned = input.trim().replace(/[\s,_]/g, '')
  const digits = minorDigits(currency)
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(cleaned)
  if (!match || (match[2]?.length ?? 0) > digits) return null
  const minor = BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt((match[2] ?? '').padEnd(digits, '0') || '0')
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null
}

/** 1250050 EUR → "12,500.50" (for form fields). */
export function amountInputValue(minor: number, currency: string): string {
  const digits = minorDigits(currency)
  const text = String(minor).padStart(digits + 1, '0')
  const whole = text.slice(0, text.length - digits)
  const fraction = digits ? `.${text.slice(-digits)}` : ''
  return `${whole}${fraction}`
}

/** 1250050 EUR → "€12,500.50". */
export function formatMoney(minor: number, currency: string, locale = 'en'): string {
  const key = `${locale} ${currency}`
  let formatter = formatters.get(key)
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: minorDigits(currency) })
    formatters.set(key, formatter)
  }
  return formatter.format(Number(amountInputValue(minor, currency)))
}

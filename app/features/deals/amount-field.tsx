import { ErrorList } from '#app/components/forms.tsx'
import { dealCurrencies } from './money.ts'

/** A currency and an amount side by side (`currency` and `name` fields), with the amount's errors below. */
export function AmountWithCurrency({ id, name, label, currency, defaultValue, errors }: {
  id: string
  name: string
  label: string
  currency: string
  defaultValue?: string
  errors?: string[]
}) {
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div>
      <div className="grid grid-cols-[7rem_1fr] gap-3">
        <div>
          <label htmlFor={`${id}-currency`} className="block text-sm font-medium">Currency</label>
          <select id={`${id}-currency`} name="currency" defaultValue={currency} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2">
            {dealCurrencies.map((code) => <option key={code} value={code}>{code}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={id} className="block text-sm font-medium">{label}</label>
          <input id={id} name={name} inputMode="decimal" autoComplete="off" defaultValue={defaultValue}
            className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3"
            aria-invalid={errorId ? true : undefined} aria-describedby={errorId} />
        </div>
      </div>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

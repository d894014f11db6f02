import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, type SubmissionResult } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useMemo } from 'react'
import { ErrorList, Field, Notice, SelectField, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { slaTargetTable, supportCalendar, supportSettingsAction, type SlaTargetRow } from '#app/features/support/support-settings.server.ts'
import {
  calendarSchema, calendarSummary, defaultTier, slaTargetsSchema, targetFormValues, tierLabel, timeZoneOptions, weekdayNames, maxHolidays, maxTargetHours,
} from '#app/features/support/support-settings-schemas.ts'
import { formatBusinessMinutes, priorityLabels } from '#app/features/support/ticket-vocabulary.ts'
import { ticketPriorities } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Support settings · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:support:any')
  const [calendar, table] = await caller.db((db) => Promise.all([supportCalendar(db), slaTargetTable(db)]))
  // `?tier=` (the table's Edit links) fills the targets form with that tier's targets.
  const asked = new URL(request.url).searchParams.get('tier') ?? defaultTier
  const editing = [table.defaults, ...table.overrides].find((row) => row.tierName === asked)
    ?? { tierName: table.tiers.includes(asked) ? asked : defaultTier, targets: table.defaults.targets }
  return { calendar, table, timeZones: timeZoneOptions(calendar.timeZone), editing: targetFormValues(editing.tierName, editing.targets) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:support:any')
  return supportSettingsAction(caller, await request.formData(), context.clientAddress)
}

/** Most urgent first, as agents read the queue. */
const shownPriorities = [...ticketPriorities].reverse()
const section = 'rounded-lg border border-slate-200 bg-white p-4 shadow-sm'

export default function SupportSettings() {
  const { calendar, table, editing } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const resultFor = (form: string) => (actionData?.form === form ? actionData.result : undefined)
  const messageFor = (form: string) =>
    actionData?.message && actionData.form === form ? <div className="mb-3"><Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice></div> : null
  const uncovered = table.tiers.filter((tier) => tier !== defaultTier && !table.overrides.some((row) => row.tierName === tier))
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Support settings</h1>
        <p className="mt-1 text-slate-600">
          Ticket deadlines count business minutes of this calendar. A new ticket takes the targets of its partner’s tier, else the default targets.
        </p>
      </div>
      <p className="rounded-md border border-slate-200 bg-white p-3 text-sm">{calendarSummary(calendar)}</p>
      {actionData?.form === null && actionData.message ? <Notice tone="error">{actionData.message}</Notice> : null}

      <section aria-labelledby="calendar-heading" className={section}>
        <h2 id="calendar-heading" className="mb-3 text-lg font-semibold">Business hours</h2>
        {messageFor('calendar')}
        <CalendarForm lastResult={resultFor('calendar')} />
      </section>

      <section aria-labelledby="targets-heading" className={`${section} space-y-4`}>
        <div>
          <h2 id="targets-heading" className="text-lg font-semibold">SLA targets</h2>
          <p className="mt-1 text-sm text-slate-600">First response and resolution, in business hours. Changes apply to tickets opened from now on.</p>
        </div>
        {messageFor('target-table')}
        <div className="overflow-x-auto">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">SLA targets by tier and priority: first response, then resolution</caption>
            <thead className="border-b border-slate-200 text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Tier</th>
                {shownPriorities.map((priority) => <th key={priority} scope="col" className="py-2 pr-3 font-medium">{priorityLabels[priority]}</th>)}
                <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200">
              {[table.defaults, ...table.overrides].map((row) => <TargetRow key={row.tierName} row={row} />)}
            </tbody>
          </table>
        </div>
        <p className="text-sm text-slate-600">
          {uncovered.length ? `${uncovered.join(', ')}: the default targets.` : 'Every partner tier has targets of its own.'} Marked “inherited”: taken from the row above (for the default row, the built-in targets).
        </p>
        <div className="border-t border-slate-200 pt-4">
          <h3 className="mb-3 font-semibold">Set a tier’s targets</h3>
          {messageFor('targets')}
          <TargetsForm key={editing.tierName} tiers={table.tiers} defaultValue={editing} lastResult={resultFor('targets')} />
        </div>
      </section>
    </div>
  )
}

function CalendarForm({ lastResult }: { lastResult?: SubmissionResult<string[]> | null }) {
  const { calendar, timeZones } = useLoaderData<typeof loader>()
  const schema = useMemo(() => calendarSchema(timeZones), [timeZones])
  const [form, fields] = useSchemaForm('calendar', schema, {
    lastResult,
    defaultValue: { ...calendar, workingDays: calendar.workingDays.map(String), holidays: calendar.holidays.join('\n') },
  })
  const { key: _key, ...holidayProps } = getTextareaProps(fields.holidays)
  const holidayErrorId = fields.holidays.errors?.length ? `${fields.holidays.id}-error` : undefined
  const dayErrorId = fields.workingDays.errors?.length ? `${fields.workingDays.id}-error` : undefined
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      {form.errors?.length ? <Notice tone="error">{form.errors.join(' ')}</Notice> : null}
      <SelectField label="Time zone" errors={fields.timeZone.errors} selectProps={getSelectProps(fields.timeZone)}
        options={timeZones.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }))} />
      <fieldset aria-describedby={dayErrorId}>
        <legend className="mb-1 text-sm font-medium text-slate-800">Working days</legend>
        <div className="grid grid-cols-2 gap-1 sm:grid-cols-4">
          {getCollectionProps(fields.workingDays, { type: 'checkbox', options: weekdayNames.map((_, index) => String(index + 1)) }).map(({ key, ...props }) => (
            <label key={key} className="flex min-h-11 items-center gap-3 rounded-md border border-slate-200 px-3">
              <input {...props} className="size-5" /> {weekdayNames[Number(props.value) - 1]}
            </label>
          ))}
        </div>
        <ErrorList id={dayErrorId} errors={fields.workingDays.errors} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Day starts" hint="Local time, 24-hour clock." errors={fields.dayStart.errors} inputProps={getInputProps(fields.dayStart, { type: 'time' })} />
        <Field label="Day ends" hint="Later than the start, by 23:59." errors={fields.dayEnd.errors} inputProps={getInputProps(fields.dayEnd, { type: 'time' })} />
      </div>
      <div>
        <label htmlFor={fields.holidays.id} className="mb-1 block text-sm font-medium text-slate-800">Holidays</label>
        <textarea {...holidayProps} rows={5} className={`${textareaClass} font-mono`} spellCheck={false}
          aria-describedby={[`${fields.holidays.id}-hint`, holidayErrorId].filter(Boolean).join(' ')} />
        <p id={`${fields.holidays.id}-hint`} className="mt-1 text-sm text-slate-600">
          Days off in this time zone, one a line as YYYY-MM-DD (up to {maxHolidays}). The SLA clocks stand still on them.
        </p>
        <ErrorList id={holidayErrorId} errors={fields.holidays.errors} />
      </div>
      <SubmitButton intent="calendar">Save business hours</SubmitButton>
    </Form>
  )
}

function TargetRow({ row }: { row: SlaTargetRow }) {
  const inherited = new Set(row.inherited)
  const own = row.inherited.length < ticketPriorities.length
  const cell = 'py-2 pr-3 align-top'
  return (
    <tr>
      <th scope="row" className={`${cell} font-semibold break-words`}>{tierLabel(row.tierName)}</th>
      {shownPriorities.map((priority) => (
        <td key={priority} className={cell}>
          <span className="block">{formatBusinessMinutes(row.targets[priority].firstResponseMinutes)} first response</span>
          <span className="block">{formatBusinessMinutes(row.targets[priority].resolutionMinutes)} resolution</span>
          {inherited.has(priority) ? <span className="block text-xs text-slate-500">inherited</span> : null}
        </td>
      ))}
      <td className={`${cell} space-y-1`}>
        <Link to={`?tier=${encodeURIComponent(row.tierName)}#targets-heading`} className="inline-flex min-h-11 items-center font-medium text-brand-text underline">
          Edit<span className="sr-only"> {tierLabel(row.tierName)}</span>
        </Link>
        {own ? (
          <Form method="post">
            <input type="hidden" name="tierName" value={row.tierName} />
            <SubmitButton intent="remove-targets" variant="secondary">
              {row.tierName === defaultTier ? 'Restore built-in' : 'Remove'}<span className="sr-only"> {tierLabel(row.tierName)}</span>
            </SubmitButton>
          </Form>
        ) : null}
      </td>
    </tr>
  )
}

function TargetsForm({ tiers, defaultValue, lastResult }: { tiers: string[]; defaultValue: ReturnType<typeof targetFormValues>; lastResult?: SubmissionResult<string[]> | null }) {
  const schema = useMemo(() => slaTargetsSchema(tiers), [tiers])
  const [form, fields] = useSchemaForm('targets', schema, { lastResult, defaultValue })
  const hours = (field: Parameters<typeof getInputProps>[0]) => ({ ...getInputProps(field, { type: 'number' }), inputMode: 'decimal' as const, step: 'any', min: 0, max: maxTargetHours })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <SelectField label="Tier" errors={fields.tierName.errors} selectProps={getSelectProps(fields.tierName)}
        options={tiers.map((tier) => ({ value: tier, label: tierLabel(tier) }))} />
      <p className="text-sm text-slate-600">Hours of business time; decimals work (0.5 is 30 minutes). Resolution is at least the first response. To start from a tier’s current targets, use Edit in the table.</p>
      {shownPriorities.map((priority) => {
        const target = fields[priority].getFieldset()
        return (
          <fieldset key={priority} className="grid gap-x-4 sm:grid-cols-[7rem_1fr_1fr]">
            <legend className="sr-only">{priorityLabels[priority]} priority</legend>
            <p aria-hidden className="font-medium sm:mt-8">{priorityLabels[priority]}</p>
            <Field label={`${priorityLabels[priority]}: first response (h)`} errors={target.firstResponseHours.errors} inputProps={hours(target.firstResponseHours)} />
            <Field label={`${priorityLabels[priority]}: resolution (h)`} errors={target.resolutionHours.errors} inputProps={hours(target.resolutionHours)} />
          </fieldset>
        )
      })}
      <SubmitButton intent="targets">Save targets</SubmitButton>
    </Form>
  )
}

import { Form } from '@remix-run/react'
import { dealStages, dealStatuses } from '#db/schema.ts'
import { stageLabels } from './deal-form.tsx'
import type { DealFilter } from './deal-filter.ts'
import { dealStatusLabels } from './status.tsx'

const control = 'min-h-11 w-full rounded-md border border-slate-300 bg-white px-2'
const label = 'mb-1 block text-sm font-medium text-slate-800'

/** Search and filters of a deal list; a GET form, so the URL keeps them and it works without JavaScript. */
export function DealFilterForm({ filter, partner }: { filter: DealFilter; partner?: string | null }) {
  return (
    <Form method="get" role="search" aria-label="Filter deals" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-3">
      <div className="sm:col-span-2 lg:col-span-1">
        <label className={label} htmlFor="q">Search deals</label>
        <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Company or domain" className={`${control} px-3`} />
      </div>
      {partner !== undefined ? (
        <div>
          <label className={label} htmlFor="partner">Partner</label>
          <input id="partner" name="partner" type="search" defaultValue={partner ?? ''} placeholder="Partner name" className={`${control} px-3`} />
        </div>
      ) : null}
      <div>
        <label className={label} htmlFor="status">Status</label>
        <select id="status" name="status" defaultValue={filter.status ?? ''} className={control}>
          <option value="">Any status</option>
          {dealStatuses.map((status) => <option key={status} value={status}>{dealStatusLabels[status]}</option>)}
        </select>
      </div>
      <div>
        <label className={label} htmlFor="stage">Stage</label>
        <select id="stage" name="stage" defaultValue={filter.stage ?? ''} className={control}>
          <option value="">Any stage</option>
          {dealStages.map((stage) => <option key={stage} value={stage}>{stageLabels[stage]}</option>)}
        </select>
      </div>
      <div>
        <label className={label} htmlFor="from">Registered from</label>
        <input id="from" name="from" type="date" defaultValue={filter.from ?? ''} className={control} />
      </div>
      <div>
        <label className={label} htmlFor="to">Registered until</label>
        <input id="to" name="to" type="date" defaultValue={filter.to ?? ''} className={control} />
      </div>
      <div className="flex items-end">
        <button type="submit" className="min-h-11 w-full rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Filter</button>
      </div>
    </Form>
  )
}

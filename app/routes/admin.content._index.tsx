import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { ContentBadges } from '#app/features/content/content-admin-form.tsx'
import { contentStatusLabels, parseContentKind, parseContentStatus, parseReviewState, reviewStateLabels, reviewStates } from '#app/features/content/content-admin-schema.ts'
import { listAdminItems } from '#app/features/content/content-admin.server.ts'
import { contentKindLabels, reviewState, versionStamp } from '#app/features/content/content-rules.ts'
import { pageParam } from '#app/features/http.server.ts'
import { contentKinds, contentStatuses } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Content library · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:content:any')
  const url = new URL(request.url)
  const filter = {
    text: url.searchParams.get('q')?.trim().slice(0, 100) || undefined,
    kind: parseContentKind(url.searchParams.get('kind')),
    status: parseContentStatus(url.searchParams.get('status')),
    review: parseReviewState(url.searchParams.get('review')),
  }
  const page = pageParam(url)
  const now = new Date()
  const items = await caller.db((db) => listAdminItems(db, { ...filter, tenantId: caller.viewer.tenantId, page, now }))
  return {
    filter, page, canManage: can(caller.viewer.role, 'manage:content:any'),
    items: { ...items, rows: items.rows.map((row) => ({ ...row, review: reviewState({ reviewBy: row.review_by, expiresOn: row.expires_on }, now) })) },
  }
}

const control = 'min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'
const linkButton = 'inline-flex min-h-11 items-center rounded-md px-4 text-sm font-semibold'
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

export default function ContentLibrary() {
  const { items, filter, page, canManage } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = Boolean(filter.text || filter.kind || filter.status || filter.review)
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Content library</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/admin/content/report" className={`${linkButton} border border-slate-300 bg-white text-slate-800`}>Report</Link>
          <Link to="/admin/content/preview" className={`${linkButton} border border-slate-300 bg-white text-slate-800`}>Preview as a partner</Link>
          {canManage ? <Link to="/admin/content/new" className={`${linkButton} bg-brand text-on-brand`}>New item</Link> : null}
        </div>
      </div>
      <p className="text-slate-600">Sales content and marketing assets partners download. Drafts are yours alone; a published item reaches the partners in its segments.</p>

      <Form method="get" role="search" aria-label="Filter content" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[1fr_11rem_9rem_9rem_auto] lg:items-end">
        <div>
          <label htmlFor="q" className="mb-1 block text-sm font-medium">Search</label>
          <input id="q" name="q" type="search" defaultValue={filter.text ?? ''} placeholder="Title" className={control} />
        </div>
        <FilterSelect name="kind" label="Kind" value={filter.kind} anyLabel="Any kind" options={contentKinds.map((kind) => [kind, contentKindLabels[kind]])} />
        <FilterSelect name="status" label="Status" value={filter.status} anyLabel="Any status" options={contentStatuses.map((status) => [status, contentStatusLabels[status]])} />
        <FilterSelect name="review" label="Review" value={filter.review} anyLabel="Any" options={reviewStates.map((state) => [state, reviewStateLabels[state]])} />
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Filter</button>
      </Form>

      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${items.total} item${items.total === 1 ? '' : 's'}`}
      </p>
      {items.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No items match.' : 'No content yet.'}{' '}
          {canManage ? <Link to="/admin/content/new" className="font-medium text-brand-text underline">Create an item</Link> : null}
        </p>
      ) : (
        <ul className="space-y-3" aria-label="Content items">
          {items.rows.map((item) => (
            <li key={item.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="min-w-0 font-semibold break-words">
                  <Link to={`/admin/content/${item.id}`} className="text-brand-text underline">{item.title}</Link>
                </h2>
                <ContentBadges status={item.status} review={item.review} />
              </div>
              <p className="mt-1 text-sm break-words text-slate-600">
                {contentKindLabels[item.kind]}
                {' · '}
                {item.latest_version_at ? versionStamp({ number: item.latest_version_number, createdAt: new Date(item.latest_version_at) }) : 'no version yet'}
                {' · '}
                {item.owner_name ? `owner ${item.owner_name}` : 'no owner'}
                {' · '}
                {item.downloads} download{item.downloads === 1 ? '' : 's'}
                {item.review_by ? ` · review by ${dateFormat.format(new Date(item.review_by))}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={items.pageCount} />
    </div>
  )
}

function FilterSelect({ name, label, value, anyLabel, options }: { name: string; label: string; value: string | undefined; anyLabel: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={name} className="mb-1 block text-sm font-medium">{label}</label>
      <select id={name} name={name} defaultValue={value ?? ''} className={control}>
        <option value="">{anyLabel}</option>
        {options.map(([option, text]) => <option key={option} value={option}>{text}</option>)}
      </select>
    </div>
  )
}

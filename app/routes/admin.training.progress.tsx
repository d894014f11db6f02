import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { z } from 'zod'
import { ErrorList, Notice, SubmitButton, textareaClass } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { partnerTypeLabels } from '#app/features/forms/fields.ts'
import { pageParam } from '#app/features/http.server.ts'
import { awardStatusLabels, type AwardStatus } from '#app/features/training/award-status.ts'
import { recentAwards, revocationReasonLimit, revokeAward, trainingOverview, type RecentAward } from '#app/features/training/team-progress.server.ts'
import { formatTrainingDate } from '#app/features/training/training-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Training progress · Console' }]

const searchOf = (url: URL, name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 100)

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:training:any')
  const url = new URL(request.url)
  const q = searchOf(url, 'q')
  const awardsQ = searchOf(url, 'awardsQ')
  // The awards list pages on its own parameter, read with the same rules as `page`.
  const awardsUrl = new URL(url)
  awardsUrl.searchParams.set('page', url.searchParams.get('awardsPage') ?? '1')
  const { overview, awards } = await caller.db(async (db) => ({
    overview: await trainingOverview(db, { page: pageParam(url), q }),
    awards: await recentAwards(db, { page: pageParam(awardsUrl), q: awardsQ }),
  }))
  return { overview, awards, q, awardsQ, canRevoke: can(caller.viewer.role, 'manage:training:any'), reasonLimit: revocationReasonLimit }
}

const RevokeSchema = z.object({ intent: z.literal('revoke'), awardId: z.string().uuid() })
type FieldErrors = Partial<Record<'reason', string[]>>
const noErrors: FieldErrors = {}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const formData = await request.formData()
  const parsed = RevokeSchema.safeParse({ intent: formData.get('intent'), awardId: formData.get('awardId') })
  if (!parsed.success) return data({ ok: false, awardId: null, errors: noErrors, message: 'Unknown action.' }, { status: 400 })
  const { awardId } = parsed.data
  const result = await caller.db((db) => revokeAward(db, caller.viewer, awardId, String(formData.get('reason') ?? ''), { ip: context.clientAddress }))
  if (!result.ok) {
    const errors: FieldErrors = result.field ? { [result.field]: [result.message] } : noErrors
    return data({ ok: false, awardId, errors, message: result.field ? null : result.message }, { status: result.status })
  }
  const { award } = result
  return { ok: true, awardId, errors: noErrors, message: `Revoked the ${award.certificationName} certification of ${award.recipientName}. Its badge page now says so.` }
}

const statusTones: Record<AwardStatus, string> = {
  valid: 'bg-green-50 text-green-900',
  expiring: 'bg-amber-50 text-amber-900',
  expired: 'bg-slate-100 text-slate-700',
  revoked: 'bg-red-50 text-red-900',
}

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded-md bg-slate-50 px-3 py-2">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold">{value}</dd>
    </div>
  )
}

/** Previous/next for the awards list, on `awardsPage` so the partner list keeps its own page. */
function AwardsPager({ page, pageCount }: { page: number; pageCount: number }) {
  const location = useLocation()
  if (pageCount <= 1) return null
  const to = (target: number) => {
    const params = new URLSearchParams(location.search)
    params.set('awardsPage', String(target))
    return `?${params}#awards-heading`
  }
  const look = 'inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium'
  return (
    <nav aria-label="Certification pages" className="mt-4 flex flex-wrap items-center justify-between gap-2">
      {page > 1 ? <Link to={to(page - 1)} className={look} rel="prev">Newer</Link> : <span />}
      <span className="text-sm text-slate-600">Page {page} of {pageCount}</span>
      {page < pageCount ? <Link to={to(page + 1)} className={look} rel="next">Older</Link> : <span />}
    </nav>
  )
}

type AwardRow = Omit<RecentAward, 'awardedAt' | 'expiresAt' | 'revokedAt'> & { awardedAt: string | Date; expiresAt: string | Date; revokedAt: string | Date | null }

function RevokeForm({ award, errors, reasonLimit }: { award: AwardRow; errors?: string[]; reasonLimit: number }) {
  const id = `revoke-reason-${award.id}`
  return (
    <details open={Boolean(errors?.length)} className="mt-2">
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-red-800 underline">Revoke…</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="awardId" value={award.id} />
        <label htmlFor={id} className="block text-sm font-medium">Reason for revoking (the learner sees it)</label>
        <textarea id={id} name="reason" rows={2} required maxLength={reasonLimit} className={textareaClass}
          aria-invalid={errors?.length ? true : undefined} aria-describedby={errors?.length ? `${id}-error` : undefined} />
        <ErrorList id={`${id}-error`} errors={errors} />
        <SubmitButton intent="revoke" variant="danger">Revoke certification</SubmitButton>
      </Form>
    </details>
  )
}

function AwardItem({ award, revoke, errors }: { award: AwardRow; revoke: { reasonLimit: number } | null; errors?: string[] }) {
  return (
    <li className="min-w-0 p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="min-w-0 break-words font-medium">{award.recipientName} · {award.certificationName}</p>
        <span className={`whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ${statusTones[award.status]}`}>{awardStatusLabels[award.status]}</span>
      </div>
      <p className="break-words text-sm text-slate-600">
        <Link to={`/admin/partners/${award.tenantId}`} className="underline">{award.tenantName}</Link> · awarded {formatTrainingDate(award.awardedAt)} ·{' '}
        {award.status === 'expired' ? 'expired' : 'expires'} {formatTrainingDate(award.expiresAt)}
      </p>
      {award.revokedAt ? (
        <p className="mt-1 whitespace-pre-wrap break-words text-sm text-red-900">
          Revoked {formatTrainingDate(award.revokedAt)}{award.revokedByName ? ` by ${award.revokedByName}` : ''}: {award.revocationReason}
        </p>
      ) : null}
      {revoke && (award.status === 'valid' || award.status === 'expiring') ? <RevokeForm award={award} errors={errors} reasonLimit={revoke.reasonLimit} /> : null}
    </li>
  )
}

/** A titled list with its own search box (keeping the other list's search), its count and its empty state. */
function ListSection({ id, title, search, loading, count, empty, children }: {
  id: string
  title: string
  search: { name: string; label: string; value: string; keep: Record<string, string> }
  loading: boolean
  count: string
  empty: string | null
  children: ReactNode
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">{title}</h2>
      <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
        {Object.entries(search.keep).map(([name, value]) => (value ? <input key={name} type="hidden" name={name} value={value} /> : null))}
        <div className="min-w-0 flex-1">
          <label htmlFor={`${id}-search`} className="mb-1 block text-sm font-medium">{search.label}</label>
          <input id={`${id}-search`} name={search.name} type="search" defaultValue={search.value} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Search</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">{loading ? 'Loading…' : count}</p>
      {empty ? <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">{empty}</p> : children}
    </section>
  )
}

export default function TrainingProgress() {
  const { overview, awards, q, awardsQ, canRevoke, reasonLimit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const loading = navigation.state === 'loading'
  const { totals } = overview
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <h1 className="text-2xl font-bold">Training progress</h1>
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}

      <section aria-labelledby="totals-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="totals-heading" className="mb-2 text-lg font-semibold">{q ? 'Totals of the matching partners' : 'All partners'}</h2>
        <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label="Partners" value={totals.partners} />
          <Figure label="Active people" value={totals.activeUsers} />
          <Figure label="Required courses" value={totals.required} />
          <Figure label="Completed" value={totals.completed} />
          <Figure label="Overdue" value={totals.overdue} />
          <Figure label="Certified people" value={totals.certifiedPeople} />
        </dl>
      </section>

      <ListSection id="partners" title="Partners" loading={loading} count={`${overview.total} partner${overview.total === 1 ? '' : 's'}`}
        search={{ name: 'q', label: 'Search partners by name', value: q, keep: { awardsQ } }}
        empty={overview.rows.length === 0 ? (q ? 'No partner matches that name.' : 'No partner organizations yet.') : null}>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {overview.rows.map((partner) => (
            <li key={partner.tenantId} className="min-w-0 p-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <Link to={`/admin/partners/${partner.tenantId}`} className="min-w-0 break-words font-medium text-brand-text underline">{partner.name}</Link>
                <span className="text-sm text-slate-600">
                  {partner.partnerType ? partnerTypeLabels[partner.partnerType] : 'Partner'} · {partner.tierName}
                </span>
              </div>
              <p className="mt-1 text-sm text-slate-700">
                {partner.activeUsers} active · {partner.completed} of {partner.required} required done ·{' '}
                <span className={partner.overdue > 0 ? 'font-semibold text-red-800' : ''}>{partner.overdue} overdue</span> ·{' '}
                {partner.certifiedPeople} certified
              </p>
            </li>
          ))}
        </ul>
        <Pagination page={overview.page} pageCount={overview.pageCount} />
      </ListSection>

      <ListSection id="awards" title="Recent certifications" loading={loading} count={`${awards.total} award${awards.total === 1 ? '' : 's'}`}
        search={{ name: 'awardsQ', label: 'Search person, partner or certification', value: awardsQ, keep: { q } }}
        empty={awards.rows.length === 0 ? (awardsQ ? 'No certification matches that search.' : 'No one has earned a certification yet.') : null}>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {awards.rows.map((award) => (
            <AwardItem key={award.id} award={award} revoke={canRevoke ? { reasonLimit } : null}
              errors={actionData?.awardId === award.id ? actionData.errors.reason : undefined} />
          ))}
        </ul>
        <AwardsPager page={awards.page} pageCount={awards.pageCount} />
      </ListSection>
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { roleLabels } from '#app/features/auth/permissions.ts'
import { pageParam } from '#app/features/http.server.ts'
import { teamTraining, type TeamMember } from '#app/features/training/team-progress.server.ts'
import { formatTrainingDate } from '#app/features/training/training-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Team training' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:training:tenant')
  const url = new URL(request.url)
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100)
  const team = await caller.db((db) => teamTraining(db, caller.viewer.tenantId, { page: pageParam(url), q }))
  return { team, q }
}

type Member = Omit<TeamMember, 'joinedAt' | 'overdue' | 'certifications'> & {
  overdue: { courseId: string; title: string; dueAt: string | Date }[]
  certifications: { awardId: string; name: string; expiresAt: string | Date }[]
}

function requiredSummary(member: Member) {
  if (member.required === 0) return 'No required training'
  return `${member.requiredDone} of ${member.required} required done`
}

function MemberCard({ member }: { member: Member }) {
  return (
    <li className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h3 className="min-w-0 break-words font-semibold">{member.name}</h3>
        <span className="text-sm text-slate-600">{roleLabels[member.role]}</span>
      </div>
      <p className="break-words text-sm text-slate-600">{member.email}</p>
      <p className={`mt-2 text-sm font-medium ${member.overdue.length > 0 ? 'text-red-800' : 'text-slate-800'}`}>
        {requiredSummary(member)}
        {member.overdue.length > 0 ? ` · ${member.overdue.length} overdue` : ''}
      </p>
      {member.overdue.length > 0 ? (
        <div className="mt-2 rounded-md border-l-4 border-red-700 bg-red-50 p-2 text-sm text-red-900">
          <p className="font-semibold">Overdue</p>
          <ul className="space-y-0.5">
            {member.overdue.map((course) => (
              <li key={course.courseId} className="break-words">
                {course.title} <span className="whitespace-nowrap">(due {formatTrainingDate(course.dueAt)})</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {member.inProgress.length > 0 ? (
        <p className="mt-2 break-words text-sm text-slate-700">
          <span className="font-medium">In progress:</span> {member.inProgress.map((course) => course.title).join(', ')}
        </p>
      ) : null}
      <div className="mt-2 text-sm">
        <span className="font-medium">Certifications:</span>{' '}
        {member.certifications.length === 0 ? (
          <span className="text-slate-600">none</span>
        ) : (
          <ul className="mt-1 flex flex-wrap gap-1">
            {member.certifications.map((award) => (
              <li key={award.awardId} className="rounded-full bg-green-50 px-2 py-0.5 text-xs font-medium text-green-900">
                {award.name} · until {formatTrainingDate(award.expiresAt)}
              </li>
            ))}
          </ul>
        )}
      </div>
    </li>
  )
}

export default function TeamTraining() {
  const { team, q } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Team training</h1>

      <section aria-labelledby="certified-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="certified-heading" className="mb-2 text-lg font-semibold">Certified people</h2>
        {team.certified.length === 0 ? (
          <p className="text-slate-600">The vendor offers no certifications yet.</p>
        ) : (
          <dl className="grid gap-2 sm:grid-cols-2">
            {team.certified.map((certification) => (
              <div key={certification.id} className="flex items-baseline justify-between gap-3 rounded-md bg-slate-50 px-3 py-2">
                <dt className="min-w-0 break-words text-sm">{certification.name}</dt>
                <dd className="text-lg font-semibold">{certification.certified}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section aria-labelledby="people-heading" className="space-y-3">
        <h2 id="people-heading" className="text-lg font-semibold">People</h2>
        <Form method="get" role="search" className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1">
            <label htmlFor="team-search" className="mb-1 block text-sm font-medium">Search name or e-mail</label>
            <input id="team-search" name="q" type="search" defaultValue={q} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
          </div>
          <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Search</button>
        </Form>
        <p className="text-sm text-slate-600" aria-live="polite">
          {navigation.state === 'loading' ? 'Loading…' : `${team.total} ${team.total === 1 ? 'person' : 'people'}`}
        </p>
        {team.rows.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
            {q ? 'No one matches that search.' : 'No active people in your organization yet.'}
          </p>
        ) : (
          <ul className="grid gap-3 md:grid-cols-2">
            {team.rows.map((member) => <MemberCard key={member.id} member={member} />)}
          </ul>
        )}
        <Pagination page={team.page} pageCount={team.pageCount} />
      </section>
    </div>
  )
}

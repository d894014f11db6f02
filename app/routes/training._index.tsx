import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { useSearchAsYouType } from '#app/components/use-search-as-you-type.ts'
import { Pagination } from '#app/components/pagination.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { isUuid, pageParam } from '#app/features/http.server.ts'
import { catalogueStatuses, learnerCatalogue, learnerOf, type CatalogueStatus } from '#app/features/training/learner.server.ts'
import { ProgressBar } from '#app/features/training/progress-bar.tsx'
import { TrainingTabs } from '#app/features/training/training-tabs.tsx'
import { formatMinutes, formatTrainingDate, progressLabels } from '#app/features/training/training-vocabulary.ts'

export const meta: MetaFunction = () => [{ title: 'Training' }]

const statusOptions: { value: CatalogueStatus; label: string }[] = [
  { value: 'all', label: 'All courses' },
  { value: 'required', label: 'Required' },
  { value: 'not_started', label: 'Not started' },
  { value: 'in_progress', label: 'In progress' },
  { value: 'completed', label: 'Completed' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const url = new URL(request.url)
  const status = catalogueStatuses.find((value) => value === url.searchParams.get('status')) ?? 'all'
  const line = url.searchParams.get('line')
  const filter = { q: (url.searchParams.get('q') ?? '').slice(0, 100), productLineId: isUuid(line) ? line : null, status, page: pageParam(url) }
  const catalogue = await caller.db(async (db) => learnerCatalogue(db, await learnerOf(db, caller.viewer), filter))
  return { catalogue, filter, seesTeam: can(caller.viewer.role, 'read:training:tenant') }
}

export default function TrainingCatalogue() {
  const { catalogue, filter, seesTeam } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const { form, searchAsYouType } = useSearchAsYouType()
  const filtered = filter.q !== '' || filter.productLineId !== null || filter.status !== 'all'
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Training</h1>
        {catalogue.requiredOpen > 0 ? (
          <Link to="?status=required" className="rounded-full bg-amber-100 px-3 py-1 text-sm font-medium text-amber-900">
            {catalogue.requiredOpen} required course{catalogue.requiredOpen === 1 ? '' : 's'} to finish
          </Link>
        ) : null}
      </div>
      <TrainingTabs current="catalogue" seesTeam={seesTeam} />
      <Form ref={form} method="get" role="search" className="grid gap-2 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
        <div className="min-w-0">
          <label htmlFor="course-search" className="mb-1 block text-sm font-medium">Search courses</label>
          <input id="course-search" name="q" type="search" defaultValue={filter.q} onChange={searchAsYouType} placeholder="Product, topic…" className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3" />
        </div>
        <div>
          <label htmlFor="course-line" className="mb-1 block text-sm font-medium">Product line</label>
          <select id="course-line" name="line" defaultValue={filter.productLineId ?? ''} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3">
            <option value="">All product lines</option>
            {catalogue.productLines.map((line) => <option key={line.id} value={line.id}>{line.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="course-status" className="mb-1 block text-sm font-medium">Status</label>
          <select id="course-status" name="status" defaultValue={filter.status} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-3">
            {statusOptions.map((option) => <option key={option.value} value={option.value}>{option.label}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Apply</button>
      </Form>
      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' && navigation.location.pathname === '/training' ? 'Searching…' : `${catalogue.total} course${catalogue.total === 1 ? '' : 's'}`}
      </p>
      {catalogue.items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No courses match. Try fewer words or another filter.' : 'No courses are available to you yet. New courses appear here as the vendor publishes them.'}
        </p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Courses">
          {catalogue.items.map((course) => (
            <li key={course.id}>
              <Link to={`/training/courses/${course.id}`} className="flex h-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand">
                <span className="flex flex-wrap gap-1 text-xs font-medium">
                  {course.required ? (
                    <span className={`rounded-full px-2 py-0.5 ${course.overdue ? 'bg-red-100 text-red-800' : 'bg-amber-100 text-amber-900'}`}>
                      {course.overdue ? 'Overdue' : 'Required'}{course.dueAt && course.progress !== 'completed' ? ` · due ${formatTrainingDate(course.dueAt)}` : ''}
                    </span>
                  ) : null}
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-700">{progressLabels[course.progress]}</span>
                </span>
                <span className="font-semibold">{course.title}</span>
                {course.summary ? <span className="line-clamp-3 text-sm text-slate-600">{course.summary}</span> : null}
                <span className="mt-auto text-xs text-slate-600">
                  {formatMinutes(course.estimatedMinutes)}
                  {course.productLines.length > 0 ? ` · ${course.productLines.join(', ')}` : ''}
                  {' · '}published {formatTrainingDate(course.publishedAt)}
                </span>
                <ProgressBar done={course.lessonsDone} total={course.lessonCount} label={`Progress in ${course.title}`} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={catalogue.page} pageCount={catalogue.pageCount} />
    </div>
  )
}

import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { Pagination } from '#app/components/pagination.tsx'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { pageParam } from '#app/features/http.server.ts'
import { listCourses } from '#app/features/training/course-admin.server.ts'
import { courseStatusLabels, courseStatusTones, parseCourseStatus } from '#app/features/training/course-admin-schemas.ts'
import { courseStatuses } from '#db/schema.ts'

export const meta: MetaFunction = () => [{ title: 'Training · Console' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  const url = new URL(request.url)
  const filter = { status: parseCourseStatus(url.searchParams.get('status')), query: url.searchParams.get('q')?.trim().slice(0, 100) || undefined }
  const page = pageParam(url)
  const courses = await caller.db((db) => listCourses(db, { ...filter, tenantId: caller.viewer.tenantId, page }))
  return { courses, filter, page }
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })
const control = 'min-h-11 w-full rounded-md border border-slate-300 bg-white px-3'
const linkButton = 'inline-flex min-h-11 items-center rounded-md px-4 text-sm font-semibold'

export default function TrainingCourses() {
  const { courses, filter, page } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const filtered = Boolean(filter.status || filter.query)
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-bold">Training</h1>
        <div className="flex flex-wrap gap-2">
          <Link to="/admin/training/certifications" className={`${linkButton} border border-slate-300 bg-white text-slate-800`}>Certifications</Link>
          <Link to="/admin/training/new" className={`${linkButton} bg-brand text-on-brand`}>New course</Link>
        </div>
      </div>
      <p className="text-slate-600">Courses partners take: drafts are yours alone; a published course reaches the partners of its audiences.</p>

      <Form method="get" role="search" aria-label="Filter courses" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_12rem_auto] sm:items-end">
        <div>
          <label htmlFor="q" className="mb-1 block text-sm font-medium">Search</label>
          <input id="q" name="q" type="search" defaultValue={filter.query ?? ''} placeholder="Course title" className={control} />
        </div>
        <div>
          <label htmlFor="status" className="mb-1 block text-sm font-medium">Status</label>
          <select id="status" name="status" defaultValue={filter.status ?? ''} className={control}>
            <option value="">Any status</option>
            {courseStatuses.map((status) => <option key={status} value={status}>{courseStatusLabels[status]}</option>)}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold hover:bg-slate-50">Filter</button>
      </Form>

      <p className="text-sm text-slate-600" aria-live="polite">
        {navigation.state === 'loading' ? 'Loading…' : `${courses.total} course${courses.total === 1 ? '' : 's'}`}
      </p>
      {courses.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">
          {filtered ? 'No courses match.' : 'No courses yet.'}{' '}
          <Link to="/admin/training/new" className="font-medium text-brand-text underline">Create a course</Link>
        </p>
      ) : (
        <ul className="space-y-3" aria-label="Courses">
          {courses.rows.map((course) => (
            <li key={course.id} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-start justify-between gap-2">
                <h2 className="min-w-0 font-semibold break-words">
                  <Link to={`/admin/training/${course.id}`} className="text-brand-text underline">{course.title}</Link>
                </h2>
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${courseStatusTones[course.status]}`}>{courseStatusLabels[course.status]}</span>
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {course.lesson_count} lesson{course.lesson_count === 1 ? '' : 's'} · {course.audience_count} audience{course.audience_count === 1 ? '' : 's'} · about {course.estimated_minutes} min
                {' · '}
                {course.published_at ? `published ${dateFormat.format(new Date(course.published_at))}` : `created ${dateFormat.format(new Date(course.created_at))}`}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pageCount={courses.pageCount} />
    </div>
  )
}

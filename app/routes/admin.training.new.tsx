import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { listProductLines, newCourseAction } from '#app/features/training/course-admin.server.ts'
import { CourseDetailsForm } from '#app/features/training/course-admin-forms.tsx'

export const meta: MetaFunction = () => [{ title: 'New course · Training' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  return { productLines: await caller.db((db) => listProductLines(db, caller.viewer.tenantId)) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:training:any')
  return newCourseAction(caller, await request.formData(), context.clientAddress)
}

export default function NewCourse() {
  const { productLines } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <Link to="/admin/training" className="text-sm font-medium text-brand-text underline">← Training</Link>
      <div>
        <h1 className="text-2xl font-bold">New course</h1>
        <p className="mt-1 text-slate-600">It starts as a draft. Add audiences, modules and lessons next, then publish it.</p>
      </div>
      <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <CourseDetailsForm id="course" intent="create" submitLabel="Create course" productLines={productLines} lastResult={actionData?.result} />
      </section>
    </div>
  )
}


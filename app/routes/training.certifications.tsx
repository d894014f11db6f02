import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Notice } from '#app/components/forms.tsx'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { isUuid } from '#app/features/http.server.ts'
import { awardStatusLabels, type AwardStatus } from '#app/features/training/award-status.ts'
import { certifiedPeopleCounts, learnerCertifications, startRenewal } from '#app/features/training/certification-awards.server.ts'
import { learnerOf } from '#app/features/training/learner.server.ts'
import { linkedInAddToProfileUrl } from '#app/features/training/linkedin.ts'
import { TrainingTabs } from '#app/features/training/training-tabs.tsx'
import { formatTrainingDate } from '#app/features/training/training-vocabulary.ts'
import { configuredOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction = () => [{ title: 'Certifications · Training' }]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const seesTeam = can(caller.viewer.role, 'read:training:tenant')
  const { certifications, counts } = await caller.db(async (db) => ({
    certifications: await learnerCertifications(db, await learnerOf(db, caller.viewer)),
    counts: seesTeam ? await certifiedPeopleCounts(db, caller.viewer.tenantId) : null,
  }))
  return { certifications, counts, seesTeam, verifyOrigin: configuredOrigin(null), issuerName: caller.host.vendor.name }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'take:training:own')
  const form = await request.formData()
  const certificationId = form.get('certificationId')
  if (form.get('intent') !== 'renew' || !isUuid(certificationId)) return data({ ok: false, message: 'Choose a certification to renew.' }, { status: 400 })
  const outcome = await caller.db(async (db) => startRenewal(db, await learnerOf(db, caller.viewer), certificationId))
  if (!outcome.ok) return data({ ok: false, message: outcome.message }, { status: 409 })
  return { ok: true, message: `Renewal started: take the courses of ${outcome.certification.name} again to renew it.` }
}

const statusLook: Record<AwardStatus, string> = {
  valid: 'bg-green-100 text-green-900',
  expiring: 'bg-amber-100 text-amber-900',
  expired: 'bg-slate-200 text-slate-800',
  revoked: 'bg-red-100 text-red-800',
}

export default function Certifications() {
  const { certifications, counts, seesTeam, verifyOrigin, issuerName } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <h1 className="text-2xl font-bold">Training</h1>
      <TrainingTabs current="certifications" seesTeam={seesTeam} />
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {counts && counts.length > 0 ? (
        <section aria-labelledby="org-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="org-heading" className="font-semibold">Certified people in your organization</h2>
          <ul className="mt-2 grid gap-2 sm:grid-cols-2">
            {counts.map((count) => (
              <li key={count.id} className="flex justify-between gap-2 rounded-md bg-slate-50 px-3 py-2 text-sm">
                <span>{count.name}</span>
                <span className="font-semibold">{count.certified}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {certifications.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">No certifications are offered yet.</p>
      ) : (
        <ul className="space-y-3" aria-label="Certifications">
          {certifications.map((certification) => {
            const award = certification.award
            const verifyUrl = award ? `${verifyOrigin}/badges/${award.id}` : null
            const usable = award && (award.status === 'valid' || award.status === 'expiring')
            return (
              <li key={certification.id} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <h2 className="text-lg font-semibold">{certification.name}</h2>
                  {award ? <span className={`rounded-full px-2 py-0.5 text-sm font-medium ${statusLook[award.status]}`}>{awardStatusLabels[award.status]}</span> : null}
                </div>
                <p className="text-sm text-slate-700">{certification.description}</p>
                {award ? (
                  <p className="text-sm text-slate-600">
                    Earned {formatTrainingDate(award.awardedAt)} · {award.status === 'expired' ? 'expired' : 'valid until'} {formatTrainingDate(award.expiresAt)}
                    {award.status === 'revoked' && award.revocationReason ? ` · revoked: ${award.revocationReason}` : ''}
                  </p>
                ) : null}
                <div>
                  <h3 className="text-sm font-medium">Courses</h3>
                  <ul className="mt-1 space-y-1 text-sm">
                    {certification.courses.map((course) => (
                      <li key={course.id}>
                        <Link to={`/training/courses/${course.id}`} className="text-brand-text underline">{course.title}</Link>
                        {course.completed ? ' · completed' : ''}
                      </li>
                    ))}
                  </ul>
                </div>
                {usable && verifyUrl ? (
                  <div className="flex flex-wrap gap-2">
                    <a href={`/training/awards/${award.id}/badge.png`} download className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand">Download badge</a>
                    <a href={`/training/awards/${award.id}/certificate.pdf`} download className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Certificate (PDF)</a>
                    <a
                      href={linkedInAddToProfileUrl({ name: certification.name, organizationName: issuerName, issuedAt: award.awardedAt, expiresAt: award.expiresAt, certUrl: verifyUrl, certId: award.id })}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold"
                    >
                      Add to LinkedIn
                    </a>
                    <a href={verifyUrl} className="inline-flex min-h-11 items-center px-2 text-sm font-medium text-brand-text underline">Verification page</a>
                  </div>
                ) : null}
                {certification.canRenew ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="renew" />
                    <input type="hidden" name="certificationId" value={certification.id} />
                    <button type="submit" className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-semibold">Renew: take the courses again</button>
                  </Form>
                ) : null}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}

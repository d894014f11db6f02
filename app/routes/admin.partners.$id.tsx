import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { env } from '#app/env.server.ts'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { endTenantSessions } from '#app/features/auth/end-sessions.server.ts'
import { requireVendor } from '#app/features/auth/guards.server.ts'
import { InvitationConflictError, inviteUser } from '#app/features/auth/invitations.server.ts'
import { can, roleLabels } from '#app/features/auth/permissions.ts'
import { parsePlainForm } from '#app/features/forms/plain-form.server.ts'
import { invariantResponse, requireUuid } from '#app/features/http.server.ts'
import { readLogoUpload } from '#app/features/organizations/logo-upload.server.ts'
import { setPartnerSegments } from '#app/features/content/content-admin.server.ts'
import { MspTotalsSection } from '#app/features/customers/msp-totals-section.tsx'
import { onboardingStatus } from '#app/features/onboarding/checklist.server.ts'
import { OnboardingSummary } from '#app/features/onboarding/onboarding-checklist.tsx'
import { mspCustomerTotals } from '#app/features/customers/msp-totals.server.ts'
import { ContentSegmentsForm, OrganizationForm } from '#app/features/organizations/organization-form.tsx'
import { ContentSegmentsSchema, organizationServerSchema } from '#app/features/organizations/organization-schema.ts'
import { setStripeAccount } from '#app/features/payouts/connected-accounts.server.ts'
import { stripeAccountSchema } from '#app/features/payouts/schemas.ts'
import { partnerManagerCandidates, setPartnerManager } from '#app/features/support/partner-manager.server.ts'
import { InviteSchema } from '#app/features/team/invite-schema.ts'
import { listMembers, listOpenInvitations } from '#app/features/team/team.server.ts'
import { partnerRoles } from '#db/schema.ts'
import { hasVerificationRecord, verificationRecordName } from '#tenants/custom-domain.server.ts'
import {
  getPartnerTenant, isCustomDomainTaken, isSlugTaken, isUniqueViolation, markCustomDomainVerified, setPartnerTenantStatus, updatePartnerTenant,
} from '#tenants/tenants.server.ts'
import { saveLogo } from '#tenants/logo.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tenant.name ?? 'Partner'} · Console` }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'read:tenant:any')
  const id = requireUuid(params.id, 'No such partner organization.')
  const found = await caller.db(async (db) => {
    const tenant = await getPartnerTenant(db, id)
    if (!tenant) return null
    return { tenant, members: await listMembers(db, id), invitations: await listOpenInvitations(db, id), managers: await partnerManagerCandidates(db),
      customerTotals: tenant.partner_type === 'msp' ? await mspCustomerTotals(db, id) : null,
      onboarding: await onboardingStatus(db, id) }
  })
  invariantResponse(found, 'No such partner organization.')
  const { tenant, members, invitations, managers, customerTotals, onboarding } = found
  return {
    tenant: {
      id: tenant.id, name: tenant.name, displayName: tenant.display_name, slug: tenant.slug, partnerType: tenant.partner_type ?? 'reseller',
      status: tenant.status, tierName: tenant.tier_name, primaryColor: tenant.primary_color, accentColor: tenant.accent_color,
      customDomain: tenant.custom_domain, customDomainVerified: Boolean(tenant.custom_domain_verified_at),
      verificationRecord: tenant.custom_domain ? { name: verificationRecordName(tenant.custom_domain), value: tenant.custom_domain_token } : null,
      logoUrl: tenant.logo_version ? `/brand/${tenant.id}/logo?v=${tenant.logo_version}` : null,
      stripeAccountId: tenant.stripe_account_id,
      partnerManagerId: tenant.partner_manager_id,
      region: tenant.region ?? '',
      contentLanguages: tenant.content_languages,
    },
    managers,
    customerTotals,
    onboarding,
    portalUrl: tenantOrigin(request, tenant.slug),
    portalDomain: env().PORTAL_DOMAIN,
    members: members.rows,
    invitations,
    canManage: can(caller.viewer.role, 'manage:tenant:any'),
    canReadAudit: can(caller.viewer.role, 'read:audit:any'),
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireVendor({ request, context }, 'manage:tenant:any')
  const id = requireUuid(params.id, 'No such partner organization.')
  const actor = actorOf(caller.viewer)
  const ip = context.clientAddress

  if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    const upload = await readLogoUpload(request)
    if (!upload.ok) return data({ ok: false, form: 'logo', result: null, message: upload.message }, { status: upload.status })
    await caller.db(async (db) => {
      invariantResponse(await getPartnerTenant(db, id), 'No such partner organization.')
      await saveLogo(db, { tenantId: id, bytes: upload.bytes, contentType: upload.contentType, actor, ip })
    })
    return { ok: true, form: 'logo', result: null, message: 'Logo uploaded.' }
  }

  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'save') {
    return caller.db(async (db) => {
      invariantResponse(await getPartnerTenant(db, id), 'No such partner organization.')
      const submission = await parseWithZod(formData, {
        schema: organizationServerSchema({
          isSlugTaken: (slug) => isSlugTaken(db, slug, id),
          isCustomDomainTaken: (domain) => isCustomDomainTaken(db, domain, id),
        }),
        async: true,
      })
      if (submission.status !== 'success') return data({ ok: false, form: 'organization', result: submission.reply(), message: null }, { status: 400 })
      await updatePartnerTenant(db, id, submission.value, actor, ip)
      return { ok: true, form: 'organization', result: submission.reply(), message: 'Saved.' }
    }).catch((error) => {
      if (!isUniqueViolation(error)) throw error
      return data({ ok: false, form: 'organization', result: null, message: 'Another organization took this subdomain or domain a moment ago.' }, { status: 409 })
    })
  }

  if (intent === 'content-segments') {
    const submission = parseWithZod(formData, { schema: ContentSegmentsSchema })
    if (submission.status !== 'success') return data({ ok: false, form: 'content-segments', result: submission.reply(), message: null }, { status: 400 })
    const { region, contentLanguages } = submission.value
    const changed = await caller.db((db) => setPartnerSegments(db, { tenantId: id, actor, ip, partnerId: id, region, languages: contentLanguages }))
    return { ok: true, form: 'content-segments', result: submission.reply(), message: changed ? 'Content segments saved.' : 'Nothing to change.' }
  }

  if (intent === 'suspend' || intent === 'reactivate') {
    const changed = await caller.db((db) => setPartnerTenantStatus(db, id, intent === 'suspend' ? 'suspended' : 'active', actor, ip))
    if (changed && intent === 'suspend') await endTenantSessions(id)
    return { ok: true, form: 'status', result: null, message: changed ? (intent === 'suspend' ? 'Suspended: its users are signed out and cannot sign in.' : 'Reactivated.') : 'Nothing to change.' }
  }

  if (intent === 'verify-domain') {
    return caller.db(async (db) => {
      const tenant = await getPartnerTenant(db, id)
      invariantResponse(tenant, 'No such partner organization.')
      if (!tenant.custom_domain || !tenant.custom_domain_token) return data({ ok: false, form: 'domain', result: null, message: 'Set a custom domain first.' }, { status: 400 })
      const found = await hasVerificationRecord(tenant.custom_domain, tenant.custom_domain_token)
      if (!found) {
        return data({ ok: false, form: 'domain', result: null, message: `No TXT record ${verificationRecordName(tenant.custom_domain)} with the token yet. DNS changes can take a while.` }, { status: 400 })
      }
      await markCustomDomainVerified(db, id, actor, ip)
      return { ok: true, form: 'domain', result: null, message: `${tenant.custom_domain} is verified and now serves the portal.` }
    })
  }

  if (intent === 'stripe-account') {
    const parsed = parsePlainForm(stripeAccountSchema, formData)
    if (!parsed.ok) return data({ ok: false, form: 'stripe-account', result: null, message: parsed.errors.stripeAccountId?.[0] ?? 'Check the account id.' }, { status: 400 })
    const accountId = parsed.data.stripeAccountId ?? null
    const changed = await caller.db((db) => setStripeAccount(db, { actor: { ...actor, name: caller.viewer.name }, ip }, id, accountId))
    invariantResponse(changed !== null, 'No such partner organization.')
    return { ok: true, form: 'stripe-account', result: null, message: !changed ? 'Nothing to change.' : accountId ? `Payouts through Stripe go to ${accountId}.` : 'Connected account removed.' }
  }

  if (intent === 'partner-manager') {
    const managerId = formData.get('partnerManagerId')
    const chosen = typeof managerId === 'string' && managerId !== '' ? managerId : null
    const saved = await caller.db((db) => setPartnerManager(db, { tenantId: id, managerId: chosen, actor, ip }))
    if (!saved) return data({ ok: false, form: 'partner-manager', result: null, message: 'Choose a channel manager or vendor admin.' }, { status: 400 })
    return { ok: true, form: 'partner-manager', result: null, message: chosen ? 'Partner manager assigned; escalations go to them.' : 'Partner manager removed.' }
  }

  if (intent === 'invite') {
    const submission = parseWithZod(formData, { schema: InviteSchema })
    if (submission.status !== 'success') return data({ ok: false, form: 'invite', result: submission.reply(), message: null }, { status: 400 })
    try {
      await caller.db(async (db) => {
        const tenant = await getPartnerTenant(db, id)
        invariantResponse(tenant, 'No such partner organization.')
        await inviteUser(db, {
          tenantId: id, tenantName: tenant.display_name, email: submission.value.email, role: submission.value.role,
          inviter: { ...actor, name: caller.viewer.name }, portalOrigin: tenantOrigin(request, tenant.slug), ip,
        })
      })
    } catch (error) {
      if (error instanceof InvitationConflictError) {
        return data({ ok: false, form: 'invite', result: submission.reply({ fieldErrors: { email: [error.message] } }), message: null }, { status: 409 })
      }
      throw error
    }
    return { ok: true, form: 'invite', result: submission.reply({ resetForm: true }), message: `Invitation sent to ${submission.value.email}.` }
  }
  return data({ ok: false, form: null, result: null, message: 'Unknown action.' }, { status: 400 })
}

const roleOptions = partnerRoles.map((role) => ({ value: role, label: roleLabels[role] }))

export default function PartnerDetail() {
  const { tenant, portalUrl, portalDomain, members, invitations, managers, customerTotals, onboarding, canManage, canReadAudit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const messageFor = (form: string) =>
    actionData?.form === form && actionData.message ? (
      <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice>
    ) : null
  const [inviteForm, inviteFields] = useSchemaForm('invite', InviteSchema, { lastResult: actionData?.form === 'invite' ? actionData.result : undefined, defaultValue: { role: 'partner_admin' } })

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <Link to="/admin" className="text-sm font-medium text-brand-text underline">← Partners</Link>
      {searchParams.get('created') ? <Notice tone="success">Created. Invite its partner admin below.</Notice> : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{tenant.name}</h1>
          <p className="text-slate-600">
            {tenant.status} · {tenant.tierName} · <a className="text-brand-text underline" href={portalUrl}>{portalUrl.replace(/^https?:\/\//, '')}</a>
            {canReadAudit ? <> · <Link className="text-brand-text underline" to={`/admin/audit?tenant=${tenant.id}`}>History</Link></> : null}
          </p>
        </div>
        {canManage ? (
          <Form method="post">
            <SubmitButton intent={tenant.status === 'suspended' ? 'reactivate' : 'suspend'} variant={tenant.status === 'suspended' ? 'secondary' : 'danger'}>
              {tenant.status === 'suspended' ? 'Reactivate' : 'Suspend'}
            </SubmitButton>
          </Form>
        ) : null}
      </div>
      {messageFor('status')}

      {onboarding ? <OnboardingSummary status={onboarding} /> : null}

      {canManage ? (
        <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="details-heading" className="mb-3 text-lg font-semibold">Details and branding</h2>
          {messageFor('organization')}
          <OrganizationForm
            lastResult={actionData?.form === 'organization' ? actionData.result : undefined}
            portalDomain={portalDomain}
            submitLabel="Save changes"
            defaultValue={{ ...tenant, customDomain: tenant.customDomain ?? '' }}
          />
          <Form method="post" encType="multipart/form-data" className="mt-6 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4">
            <div className="w-full">{messageFor('logo')}</div>
            {tenant.logoUrl ? <img src={tenant.logoUrl} alt={`${tenant.displayName} logo`} className="size-12 rounded border border-slate-200 object-contain" /> : null}
            <div>
              <label htmlFor="logo" className="mb-1 block text-sm font-medium">Logo</label>
              <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/webp" required className="text-sm" aria-describedby="logo-hint" />
              <p id="logo-hint" className="mt-1 text-sm text-slate-600">PNG, JPEG or WebP, up to 256 KB.</p>
            </div>
            <SubmitButton variant="secondary">Upload logo</SubmitButton>
          </Form>
        </section>
      ) : null}

      {canManage ? (
        <section aria-labelledby="segments-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="segments-heading" className="mb-1 text-lg font-semibold">Content segments</h2>
          <p className="mb-3 text-sm text-slate-600">Content limited to regions or languages reaches this partner only when they match.</p>
          {messageFor('content-segments')}
          <ContentSegmentsForm lastResult={actionData?.form === 'content-segments' ? actionData.result : undefined}
            defaultValue={{ region: tenant.region, contentLanguages: tenant.contentLanguages }} />
        </section>
      ) : null}

      {customerTotals ? <MspTotalsSection totals={customerTotals} /> : null}

      <section aria-labelledby="manager-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="manager-heading" className="mb-2 text-lg font-semibold">Partner manager</h2>
        {messageFor('partner-manager')}
        {canManage ? (
          <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-end">
            <div>
              <label htmlFor="partnerManagerId" className="mb-1 block text-sm font-medium">Escalations from this partner go to</label>
              <select id="partnerManagerId" name="partnerManagerId" defaultValue={tenant.partnerManagerId ?? ''} className="block min-h-11 w-full rounded-md border border-slate-300 bg-white px-2">
                <option value="">Nobody (all channel managers)</option>
                {managers.map((manager) => <option key={manager.id} value={manager.id}>{manager.name}</option>)}
              </select>
            </div>
            <SubmitButton intent="partner-manager" variant="secondary">Save manager</SubmitButton>
          </Form>
        ) : (
          <p className="text-sm">{managers.find((manager) => manager.id === tenant.partnerManagerId)?.name ?? 'None assigned'}</p>
        )}
      </section>

      <section aria-labelledby="payouts-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="payouts-heading" className="mb-2 text-lg font-semibold">Payouts</h2>
        {messageFor('stripe-account')}
        {canManage ? (
          <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
            <Field label="Stripe connected account" hint="The partner's Connect account (acct_…) that Stripe payouts go to; leave empty for none."
              inputProps={{ name: 'stripeAccountId', defaultValue: tenant.stripeAccountId ?? '', autoComplete: 'off', spellCheck: false, maxLength: 69 }} />
            <SubmitButton intent="stripe-account" variant="secondary" className="sm:mt-6">Save account</SubmitButton>
          </Form>
        ) : (
          <p className="text-sm">Stripe connected account: {tenant.stripeAccountId ?? 'none'}</p>
        )}
      </section>

      {tenant.customDomain && tenant.verificationRecord ? (
        <section aria-labelledby="domain-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 id="domain-heading" className="mb-2 text-lg font-semibold">Custom domain</h2>
          {messageFor('domain')}
          {tenant.customDomainVerified ? (
            <p>{tenant.customDomain} is verified.</p>
          ) : (
            <>
              <p className="text-sm text-slate-700">
                Ask the partner to add a DNS TXT record <code className="break-all">{tenant.verificationRecord.name}</code> with the value{' '}
                <code className="break-all">{tenant.verificationRecord.value}</code>, and point the domain at the portal.
              </p>
              {canManage ? (
                <Form method="post" className="mt-3">
                  <SubmitButton intent="verify-domain" variant="secondary">Check DNS now</SubmitButton>
                </Form>
              ) : null}
            </>
          )}
        </section>
      ) : null}

      <section aria-labelledby="people-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="people-heading" className="mb-3 text-lg font-semibold">People</h2>
        {canManage ? (
          <Form method="post" {...getFormProps(inviteForm)} className="mb-4 grid gap-3 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
            {messageFor('invite')}
            <Field label="Invite by e-mail" errors={inviteFields.email.errors} inputProps={{ ...getInputProps(inviteFields.email, { type: 'email' }), autoComplete: 'off' }} />
            <SelectField label="Role" errors={inviteFields.role.errors} selectProps={getSelectProps(inviteFields.role)} options={roleOptions} />
            <SubmitButton intent="invite" className="sm:mt-6">Send invitation</SubmitButton>
          </Form>
        ) : null}
        {members.length === 0 && invitations.length === 0 ? <p className="text-slate-600">No one yet.</p> : null}
        <ul className="divide-y divide-slate-200">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="py-2 text-sm">
              <span className="font-medium">{invitation.email}</span> · {roleLabels[invitation.role]} · invitation waiting
            </li>
          ))}
          {members.map((member) => (
            <li key={member.id} className="py-2 text-sm">
              <span className="font-medium">{member.name}</span> · {member.email} · {roleLabels[member.role]}
              {member.status === 'deactivated' ? ' · deactivated' : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

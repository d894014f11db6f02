import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, RowAction, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { endUserSessions } from '#app/features/auth/end-sessions.server.ts'
import { InvitationConflictError } from '#app/features/auth/invitations.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { CustomerInviteSchema } from '#app/features/customers/customer-schema.ts'
import { inviteCustomerUser, listCustomerPeople, revokeCustomerInvitation, setCustomerUserStatus } from '#app/features/customers/customer-users.server.ts'
import { changeBy, requireMsp, withCustomer } from '#app/features/customers/msp-access.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'read:customer:tenant')
  const people = await withCustomer(caller, params.id, async (db, customer) => ({ ...(await listCustomerPeople(db, caller.viewer.tenantId, customer.id)), archived: customer.status === 'archived' }))
  return { ...people, portal: tenantOrigin(request, caller.msp.slug), canManage: can(caller.viewer.role, 'manage:customer:tenant') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const caller = await requireMsp({ request, context }, 'manage:customer:tenant')
  const change = changeBy(caller, context.clientAddress)
  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'invite') {
    const submission = parseWithZod(formData, { schema: CustomerInviteSchema })
    if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null }, { status: 400 })
    try {
      const invited = await withCustomer(caller, params.id, async (db, customer) => {
        if (customer.status === 'archived') return false
        await inviteCustomerUser(db, change, {
          customerId: customer.id, email: submission.value.email, mspName: caller.msp.displayName,
          // The customer's people sign in on the MSP's own sub-portal, whichever host the MSP works on.
          portalOrigin: tenantOrigin(request, caller.msp.slug),
        })
        return true
      })
      if (!invited) return data({ ok: false, result: submission.reply({ fieldErrors: { email: ['Restore this customer before inviting its people.'] } }), message: null }, { status: 400 })
    } catch (error) {
      if (error instanceof InvitationConflictError) return data({ ok: false, result: submission.reply({ fieldErrors: { email: [error.message] } }), message: null }, { status: 409 })
      throw error
    }
    return { ok: true, result: submission.reply({ resetForm: true }), message: `Invitation sent to ${submission.value.email}.` }
  }

  if (intent === 'revoke') {
    const invitationId = formData.get('invitationId')
    const revoked = await withCustomer(caller, params.id, (db, customer) => (isUuid(invitationId) ? revokeCustomerInvitation(db, change, customer.id, invitationId) : Promise.resolve(null)))
    invariantResponse(revoked, 'No such invitation.')
    return { ok: true, result: null, message: `The invitation of ${revoked.email} is revoked.` }
  }

  if (intent === 'deactivate' || intent === 'reactivate') {
    const userId = formData.get('userId')
    const status = intent === 'deactivate' ? 'deactivated' : 'active'
    const changed = await withCustomer(caller, params.id, (db, customer) => (isUuid(userId) ? setCustomerUserStatus(db, change, customer.id, userId, status) : Promise.resolve(null)))
    invariantResponse(changed, 'No such person.')
    if (status === 'deactivated') await endUserSessions(changed.id)
    return { ok: true, result: null, message: status === 'deactivated' ? `${changed.email} can no longer sign in.` : `${changed.email} can sign in again.` }
  }
  return data({ ok: false, result: null, message: 'Unknown action.' }, { status: 400 })
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function CustomerPeople() {
  const { users, invitations, portal, canManage, archived } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('customer-invite', CustomerInviteSchema, { lastResult: actionData?.result })
  return (
    <div className="space-y-4">
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}
      {canManage && !archived ? (
        <section aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="invite-heading" className="mb-1 text-lg font-semibold">Invite to the customer portal</h2>
          <p className="mb-3 text-sm text-slate-600">
            They sign in at <span className="break-all font-medium">{portal.replace(/^https?:\/\//, '')}</span> and see only this customer’s licences, documents and their own tickets.
          </p>
          <Form method="post" {...getFormProps(form)} className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
            <Field label="E-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }} />
            <SubmitButton intent="invite" className="sm:mt-6">Send invitation</SubmitButton>
          </Form>
        </section>
      ) : null}
      <section aria-labelledby="people-heading" className="rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="people-heading" className="mb-3 text-lg font-semibold">People with portal access</h2>
        {users.length === 0 && invitations.length === 0 ? <p className="text-slate-600">Nobody at this customer has portal access yet.</p> : null}
        <ul className="divide-y divide-slate-200">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="flex flex-wrap items-center gap-3 py-3">
              <div className="min-w-0 flex-1">
                <p className="break-all font-medium">{invitation.email}</p>
                <p className="text-sm text-slate-700">Invited by {invitation.invited_by_name} · expires {dateFormat.format(new Date(invitation.expires_at))}</p>
              </div>
              {canManage ? <RowAction field="invitationId" id={invitation.id} intent="revoke" label="Revoke" subject={`the invitation of ${invitation.email}`} /> : null}
            </li>
          ))}
          {users.map((user) => (
            <li key={user.id} className="flex flex-wrap items-center gap-3 py-3">
              <div className="min-w-0 flex-1">
                <p className="font-medium">{user.name}{user.status === 'deactivated' ? <span className="ml-2 rounded bg-slate-200 px-2 py-0.5 text-xs font-medium">Deactivated</span> : null}</p>
                <p className="break-all text-sm text-slate-700">
                  {user.email} · {user.last_sign_in_at ? `last signed in ${dateFormat.format(new Date(user.last_sign_in_at))}` : 'not signed in yet'}
                </p>
              </div>
              {canManage ? (
                <RowAction field="userId" id={user.id} intent={user.status === 'active' ? 'deactivate' : 'reactivate'}
                  label={user.status === 'active' ? 'Deactivate' : 'Reactivate'} subject={user.name} variant={user.status === 'active' ? 'danger' : 'secondary'} />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}

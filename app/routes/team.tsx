import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { Field, Notice, SelectField, SubmitButton } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { endUserSessions } from '#app/features/auth/end-sessions.server.ts'
import { requirePartner } from '#app/features/auth/guards.server.ts'
import { InvitationConflictError, inviteUser } from '#app/features/auth/invitations.server.ts'
import { can, roleLabels } from '#app/features/auth/permissions.ts'
import { partnerRoleField } from '#app/features/forms/fields.ts'
import { pageParam } from '#app/features/http.server.ts'
import { InviteSchema } from '#app/features/team/invite-schema.ts'
import { changeMemberRole, listMembers, listOpenInvitations, revokeInvitation, setMemberStatus, TeamRuleError } from '#app/features/team/team.server.ts'
import { partnerRoles } from '#db/schema.ts'
import { tenantOrigin } from '#tenants/urls.server.ts'

export const meta: MetaFunction = () => [{ title: 'Team' }]

const roleOptions = partnerRoles.map((role) => ({ value: role, label: roleLabels[role] }))
const MemberSchema = z.object({ userId: z.string().uuid('Unknown colleague.') })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:user:own')
  const page = pageParam(new URL(request.url))
  const { members, invitations } = await caller.db(async (db) => ({
    members: await listMembers(db, caller.viewer.tenantId, page),
    invitations: await listOpenInvitations(db, caller.viewer.tenantId),
  }))
  return { members, invitations, page, me: caller.viewer.userId, canEditProfile: can(caller.viewer.role, 'manage:profile:own') }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'manage:user:own')
  const { viewer } = caller
  const formData = await request.formData()
  const intent = formData.get('intent')
  const actor = actorOf(viewer)
  const ip = context.clientAddress

  if (intent === 'invite') {
    const submission = parseWithZod(formData, { schema: InviteSchema })
    if (submission.status !== 'success') return data({ ok: false, result: submission.reply(), message: null }, { status: 400 })
    try {
      await caller.db(async (db) => {
        const tenant = await db.selectFrom('tenants').select(['slug', 'display_name', 'kind']).where('id', '=', viewer.tenantId).executeTakeFirstOrThrow()
        await inviteUser(db, {
          tenantId: viewer.tenantId,
          tenantName: tenant.display_name,
          email: submission.value.email,
          role: submission.value.role,
          inviter: { ...actor, name: viewer.name },
          portalOrigin: tenantOrigin(request, caller.host.kind === 'tenant' ? tenant.slug : null),
          ip,
        })
      })
    } catch (error) {
      if (error instanceof InvitationConflictError) {
        return data({ ok: false, result: submission.reply({ fieldErrors: { email: [error.message] } }), message: null }, { status: 409 })
      }
      throw error
    }
    return { ok: true, result: submission.reply({ resetForm: true }), message: `Invitation sent to ${submission.value.email}.` }
  }

  const member = MemberSchema.safeParse({ userId: formData.get('userId') })
  const invitationId = z.string().uuid().safeParse(formData.get('invitationId'))
  try {
    if (intent === 'change-role' && member.success) {
      const role = partnerRoleField.safeParse(formData.get('role'))
      if (!role.success) return data({ ok: false, result: null, message: 'Choose a role.' }, { status: 400 })
      const changed = await caller.db((db) => changeMemberRole(db, { tenantId: viewer.tenantId, userId: member.data.userId, role: role.data, actor, ip }))
      if (!changed) throw new Response('Colleague not found', { status: 404 })
      return { ok: true, result: null, message: `${changed.email} is now ${roleLabels[role.data]}.` }
    }
    if ((intent === 'deactivate' || intent === 'reactivate') && member.success) {
      if (member.data.userId === viewer.userId) return data({ ok: false, result: null, message: 'You cannot deactivate yourself.' }, { status: 400 })
      const status = intent === 'deactivate' ? 'deactivated' : 'active'
      const changed = await caller.db((db) => setMemberStatus(db, { tenantId: viewer.tenantId, userId: member.data.userId, status, actor, ip }))
      if (!changed) throw new Response('Colleague not found', { status: 404 })
      if (status === 'deactivated') await endUserSessions(changed.id)
      return { ok: true, result: null, message: `${changed.email} is ${status === 'active' ? 'active again' : 'deactivated'}.` }
    }
    if (intent === 'revoke' && invitationId.success) {
      const revoked = await caller.db((db) => revokeInvitation(db, { tenantId: viewer.tenantId, invitationId: invitationId.data, actor, ip }))
      if (!revoked) throw new Response('Invitation not found', { status: 404 })
      return { ok: true, result: null, message: `The invitation of ${revoked.email} is revoked.` }
    }
  } catch (error) {
    if (error instanceof TeamRuleError) return data({ ok: false, result: null, message: error.message }, { status: 400 })
    throw error
  }
  return data({ ok: false, result: null, message: 'Unknown action.' }, { status: 400 })
}

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })

export default function Team() {
  const { members, invitations, page, me, canEditProfile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('invite', InviteSchema, { lastResult: actionData?.result, defaultValue: { role: 'sales_rep' } })
  return (
    <div className="mx-auto max-w-4xl space-y-8">
      <h1 className="text-2xl font-bold">Team</h1>
      {canEditProfile ? <p className="text-slate-700">Your organization&apos;s details are on its <Link to="/settings/company" className="text-brand-text underline">company profile</Link>.</p> : null}
      {actionData?.message ? <Notice tone={actionData.ok ? 'success' : 'error'}>{actionData.message}</Notice> : null}

      <section aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <h2 id="invite-heading" className="mb-3 text-lg font-semibold">
          Invite a colleague
        </h2>
        <Form method="post" {...getFormProps(form)} className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
          <Field label="E-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'off' }} />
          <SelectField label="Role" errors={fields.role.errors} selectProps={getSelectProps(fields.role)} options={roleOptions} />
          <SubmitButton intent="invite" className="sm:mt-6">
            Send invitation
          </SubmitButton>
        </Form>
      </section>

      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading" className="mb-2 text-lg font-semibold">
          Waiting for a reply
        </h2>
        {invitations.length === 0 ? (
          <p className="text-slate-600">No open invitations.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <div>
                  <p className="font-medium">{invitation.email}</p>
                  <p className="text-sm text-slate-600">
                    {roleLabels[invitation.role]} · invited by {invitation.invited_by_name} · expires {dateFormat.format(new Date(invitation.expires_at))}
                  </p>
                </div>
                <Form method="post">
                  <input type="hidden" name="invitationId" value={invitation.id} />
                  <SubmitButton intent="revoke" variant="secondary">
                    Revoke
                  </SubmitButton>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="members-heading">
        <h2 id="members-heading" className="mb-2 text-lg font-semibold">
          Members ({members.total})
        </h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {members.rows.map((member) => (
            <li key={member.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
              <div className="min-w-0">
                <p className="truncate font-medium">
                  {member.name} {member.id === me ? <span className="text-sm font-normal text-slate-600">(you)</span> : null}
                </p>
                <p className="truncate text-sm text-slate-600">
                  {member.email}
                  {member.status === 'deactivated' ? ' · deactivated' : ''}
                </p>
              </div>
              <div className="flex flex-wrap items-end gap-2">
                <Form method="post" className="flex items-end gap-2">
                  <input type="hidden" name="userId" value={member.id} />
                  <label className="sr-only" htmlFor={`role-${member.id}`}>
                    Role of {member.name}
                  </label>
                  <select id={`role-${member.id}`} name="role" defaultValue={member.role} className="min-h-11 rounded-md border border-slate-300 bg-white px-2 text-sm">
                    {roleOptions.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                  <SubmitButton intent="change-role" variant="secondary">
                    Save role
                  </SubmitButton>
                </Form>
                {member.id === me ? null : (
                  <Form method="post">
                    <input type="hidden" name="userId" value={member.id} />
                    <SubmitButton intent={member.status === 'active' ? 'deactivate' : 'reactivate'} variant="secondary">
                      {member.status === 'active' ? 'Deactivate' : 'Reactivate'}
                    </SubmitButton>
                  </Form>
                )}
              </div>
            </li>
          ))}
        </ul>
        <Pagination page={page} pageCount={members.pageCount} />
      </section>
    </div>
  )
}

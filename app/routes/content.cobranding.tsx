import { getFormProps, getInputProps } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field, Notice, SubmitButton } from '#app/components/forms.tsx'
import { useSchemaForm } from '#app/components/use-schema-form.ts'
import { actorOf } from '#app/features/audit/audit.server.ts'
import { forbidden, requirePartner } from '#app/features/auth/guards.server.ts'
import { can } from '#app/features/auth/permissions.ts'
import { loadContentAudience } from '#app/features/content/audience.server.ts'
import { cobrandProfileSchema } from '#app/features/content/cobrand-profile-schema.ts'
import { loadPartnerBrand, printableLogo, saveCobrandProfile } from '#app/features/content/cobrand.server.ts'
import { listLibrary } from '#app/features/content/library.server.ts'

export const meta: MetaFunction = () => [{ title: 'Co-branding' }]

/**
 * The details co-branded templates print next to the partner's logo. Every
 * partner user may see them (they print on what the user downloads); only a
 * partner admin may change them: others see them read-only, and their posts
 * are refused with a 403.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  const tenantId = caller.viewer.tenantId
  return caller.db(async (db) => {
    const brand = await loadPartnerBrand(db, tenantId)
    const logo = await db.selectFrom('tenants').select('logo_version').where('id', '=', tenantId).executeTakeFirst()
    const templates = await listLibrary(db, {
      audience: await loadContentAudience(db, tenantId),
      viewer: null,
      text: '',
      kinds: ['cobranded_template'],
      productLineIds: [],
      updatedSince: null,
      favouritesOnly: false,
      page: 1,
      now: new Date(),
    })
    return {
      details: brand.details,
      logoUrl: brand.logo ? `/brand/${tenantId}/logo?v=${logo?.logo_version ?? ''}` : null,
      logoPrintable: printableLogo(brand.logo?.contentType),
      canEdit: can(caller.viewer.role, 'manage:cobrand:own'),
      templates: templates.items.map((item) => ({ id: item.id, title: item.title, stamp: item.stamp })),
      moreTemplates: templates.total > templates.items.length,
    }
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const caller = await requirePartner({ request, context }, 'read:content:own')
  if (!can(caller.viewer.role, 'manage:cobrand:own')) throw forbidden('Only a partner admin can change the co-branding details.')
  const submission = parseWithZod(await request.formData(), { schema: cobrandProfileSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), saved: false }, { status: 400 })
  await caller.db((db) =>
    saveCobrandProfile(db, { tenantId: caller.viewer.tenantId, values: submission.value, actor: actorOf(caller.viewer), ip: context.clientAddress ?? null }),
  )
  return { result: submission.reply(), saved: true }
}

export default function Cobranding() {
  const { details, logoUrl, logoPrintable, canEdit, templates, moreTemplates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useSchemaForm('cobranding', cobrandProfileSchema, {
    lastResult: actionData?.result,
    defaultValue: { contactName: details.contactName, email: details.email, phone: details.phone, website: details.website },
  })
  return (
    <div className="mx-auto max-w-2xl space-y-5">
      <Link to="/content" className="text-sm font-medium text-brand-text underline">
        ← Content
      </Link>
      <h1 className="text-2xl font-bold">Co-branding</h1>
      <p className="text-slate-700">Co-branded templates are downloaded with your logo, {details.name}, and the contact details below.</p>
      {actionData?.saved ? <Notice tone="success">Saved. Your next co-branded download uses these details.</Notice> : null}

      <section aria-labelledby="logo-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        <h2 id="logo-heading" className="text-lg font-semibold">
          Logo
        </h2>
        {logoUrl ? (
          <img src={logoUrl} alt={`${details.name} logo`} className="max-h-20 max-w-full object-contain" />
        ) : (
          <p className="text-sm text-slate-700">You have no logo yet: templates print your name without one.</p>
        )}
        {logoUrl && !logoPrintable ? (
          <Notice tone="error">Your logo is a WebP image, which templates cannot print yet. Upload it as PNG or JPEG to have it printed.</Notice>
        ) : null}
        <p className="text-sm text-slate-600">This is your portal’s logo; ask your channel manager to change it.</p>
      </section>

      {canEdit ? (
        <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="text-lg font-semibold">Contact details</h2>
          <Field label="Contact name" errors={fields.contactName.errors} inputProps={{ ...getInputProps(fields.contactName, { type: 'text' }), autoComplete: 'name' }} />
          <Field label="E-mail" errors={fields.email.errors} inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }} />
          <Field label="Phone" errors={fields.phone.errors} inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }} />
          <Field label="Website" errors={fields.website.errors} inputProps={{ ...getInputProps(fields.website, { type: 'text' }), autoComplete: 'url', inputMode: 'url' }} />
          <SubmitButton>Save details</SubmitButton>
        </Form>
      ) : (
        <section aria-labelledby="details-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="details-heading" className="text-lg font-semibold">
            Contact details
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm break-words">
            <dt className="font-medium">Contact name</dt>
            <dd>{details.contactName || '—'}</dd>
            <dt className="font-medium">E-mail</dt>
            <dd>{details.email || '—'}</dd>
            <dt className="font-medium">Phone</dt>
            <dd>{details.phone || '—'}</dd>
            <dt className="font-medium">Website</dt>
            <dd>{details.website || '—'}</dd>
          </dl>
          <p className="text-sm text-slate-600">Your partner admin can change these.</p>
        </section>
      )}

      <section aria-labelledby="templates-heading" className="space-y-2">
        <h2 id="templates-heading" className="text-lg font-semibold">
          Co-branded templates
        </h2>
        {templates.length === 0 ? (
          <p className="text-sm text-slate-600">No co-branded templates are available to you yet.</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {templates.map((template) => (
              <li key={template.id}>
                <Link to={`/content/${template.id}`} className="flex min-h-11 flex-wrap items-center justify-between gap-2 p-3 hover:bg-slate-50">
                  <span className="font-medium">{template.title}</span>
                  <span className="text-sm text-slate-600">{template.stamp}</span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {moreTemplates ? (
          <Link to="/content?kind=cobranded_template" className="text-sm font-medium underline">
            All co-branded templates
          </Link>
        ) : null}
      </section>
    </div>
  )
}

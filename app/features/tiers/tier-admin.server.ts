import { data } from '@remix-run/node'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import { forbidden, type Caller } from '#app/features/auth/guards.server.ts'
import { parseAmount } from '#app/features/deals/money.ts'
import { parsePlainForm, type FieldErrors } from '#app/features/forms/plain-form.server.ts'
import { isUuid } from '#app/features/http.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'
import { clearOverride, evaluatePartner, evaluatePartnersNow, overrideTier, setManualCriterion, TierInputError, type TierActor } from './evaluation.server.ts'
import { loadTierProgram, partnerStanding, tierHistory, tierProgramDefaults, type TierProgramSettings } from './standing.server.ts'
import { requirementProgress } from './tier-rules.ts'
import { certificationField, ClearOverrideSchema, CriterionSchema, OverrideSchema, ProgramSettingsSchema, TierSchema } from './tier-schemas.ts'

/** What a tier form's action answers: which form, the field errors (nothing written when there are any), a notice. */
export interface TierFormAnswer {
  ok: boolean
  form: string | null
  errors: FieldErrors
  message: string | null
}

export function tierAnswer(form: string | null, message: string) {
  return data<TierFormAnswer>({ ok: true, form, errors: {}, message })
}

export function tierRefusal(form: string | null, errors: FieldErrors, message: string | null = null, status = 400) {
  return data<TierFormAnswer>({ ok: false, form, errors, message }, { status })
}

/** The acting vendor user, as the tier history and the audit log name them. */
export function tierActorOf(caller: Caller, ip: string | null): TierActor {
  return { actorName: caller.viewer.name, actor: actorOf(caller.viewer), ip }
}

/** The console page: the program, the vendor's certifications to require, and how many partners hold each tier. */
export async function tierAdminPage(db: TenantDb) {
  const [program, certifications, holders] = await Promise.all([
    loadTierProgram(db),
    db.selectFrom('certifications as c').innerJoin('tenants as t', 't.id', 'c.tenant_id')
      .select(['c.id', 'c.name', 'c.status']).where('t.kind', '=', 'vendor').orderBy('c.name').execute(),
    db.selectFrom('tenants').select(['tier_name', sql<number>`count(*)::int`.as('partners')])
      .where('kind', '=', 'partner').groupBy('tier_name').execute(),
  ])
  return { ...program, certifications, holders: Object.fromEntries(holders.map((row) => [row.tier_name, Number(row.partners)])) as Record<string, number> }
}

async function saveProgramSettings(db: TenantDb, tenantId: string, values: TierProgramSettings, who: TierActor) {
  const row = {
    period_kind: values.periodKind, rolling_months: values.rollingMonths, fiscal_start_month: values.fiscalStartMonth,
    grace_days: values.graceDays, currency: values.currency, updated_at: new Date(),
  }
  await db.insertInto('tier_program').values({ tenant_id: tenantId, ...row })
    .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet(row)).execute()
  await recordAudit(db, {
    tenantId, actor: who.actor!, ip: who.ip, action: 'tier_program.updated', entityType: 'tier_program', entityId: tenantId,
    summary: 'Changed the tier program settings', details: { ...values },
  })
}

interface TierValues {
  name: string
  rank: number
  minBookedMinor: number
  minWonDeals: number
  commissionNote: string
  discountBp: number
  mdfEligible: boolean
  slaLevel: string
  certifications: { certificationId: string; minPeople: number }[]
  manualCriteria: string[]
}

/** Reads the tier form: the base fields by schema, the amount in the program currency, one `cert:<id>` field per certification. */
function readTierForm(formData: FormData, currency: string, certificationIds: string[]): { ok: true; values: TierValues } | { ok: false; errors: FieldErrors } {
  const parsed = parsePlainForm(TierSchema, formData)
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  const bookedText = parsed.ok ? parsed.data.minBooked : String(formData.get('minBooked') ?? '')
  const minBookedMinor = bookedText?.trim() ? parseAmount(bookedText, currency) : 0
  if (minBookedMinor === null) errors.minBooked = [`Enter an amount in ${currency} like 25,000.`]
  const certifications: TierValues['certifications'] = []
  for (const id of certificationIds) {
    const text = String(formData.get(certificationField(id)) ?? '').trim()
    if (!text) continue
    const people = Number(text)
    if (!Number.isInteger(people) || people < 1 || people > 10_000) errors[certificationField(id)] = ['Enter a whole number of people from 1 to 10,000, or leave it blank.']
    else certifications.push({ certificationId: id, minPeople: people })
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return { ok: false, errors }
  const value = parsed.data
  return {
    ok: true,
    values: {
      name: value.name, rank: value.rank, minBookedMinor: minBookedMinor ?? 0, minWonDeals: value.minWonDeals,
      commissionNote: value.commissionNote, discountBp: Math.round(value.discountPercent * 100), mdfEligible: value.mdfEligible === 'on',
      slaLevel: value.slaLevel, certifications, manualCriteria: value.manualCriteria,
    },
  }
}

/** Creates or updates a tier with its requirements; renaming it renames it for the partners that hold it. */
async function saveTier(db: TenantDb, tenantId: string, id: string | null, values: TierValues, who: TierActor): Promise<FieldErrors | null> {
  const clash = await db.selectFrom('tiers').select(['id', 'name', 'rank'])
    .where((eb) => eb.or([eb(sql`lower(name)`, '=', values.name.toLowerCase()), eb('rank', '=', values.rank)]))
    .$if(id !== null, (query) => query.where('id', '!=', id!)).execute()
  const errors: FieldErrors = {}
  if (clash.some((row) => row.name.toLowerCase() === values.name.toLowerCase())) errors.name = ['A tier with this name exists.']
  if (clash.some((row) => row.rank === values.rank)) errors.rank = [`${clash.find((row) => row.rank === values.rank)!.name} has this rank. Ranks are unique.`]
  if (Object.keys(errors).length) return errors

  const row = {
    name: values.name, rank: values.rank, min_booked_minor: values.minBookedMinor, min_won_deals: values.minWonDeals,
    commission_note: values.commissionNote, discount_bp: values.discountBp, mdf_eligible: values.mdfEligible, sla_level: values.slaLevel, updated_at: new Date(),
  }
  let tierId = id
  let renamedFrom: string | null = null
  if (id) {
    const before = await db.selectFrom('tiers').select('name').where('id', '=', id).executeTakeFirst()
    if (!before) return { id: ['That tier no longer exists.'] }
    await db.updateTable('tiers').set(row).where('id', '=', id).execute()
    if (before.name !== values.name) {
      renamedFrom = before.name
      await db.updateTable('tenants').set({ tier_name: values.name }).where('kind', '=', 'partner').where('tier_name', '=', before.name).execute()
      await db.updateTable('partner_tier_status').set({ override_tier: values.name }).where('override_tier', '=', before.name).execute()
    }
  } else {
    tierId = (await db.insertInto('tiers').values({ tenant_id: tenantId, ...row }).returning('id').executeTakeFirstOrThrow()).id
  }

  await db.deleteFrom('tier_certification_requirements').where('tier_id', '=', tierId!).execute()
  if (values.certifications.length) {
    await db.insertInto('tier_certification_requirements')
      .values(values.certifications.map((c) => ({ tenant_id: tenantId, tier_id: tierId!, certification_id: c.certificationId, min_people: c.minPeople }))).execute()
  }
  // Criteria keep their ids while their label stays, so the partners' marks on them survive an edit.
  const existing = await db.selectFrom('tier_manual_criteria').select(['id', 'label']).where('tier_id', '=', tierId!).execute()
  const removed = existing.filter((c) => !values.manualCriteria.includes(c.label)).map((c) => c.id)
  if (removed.length) {
    await db.deleteFrom('tier_manual_criteria').where('id', 'in', removed).execute()
    await db.deleteFrom('partner_manual_criteria').where('criterion_id', 'in', removed).execute()
  }
  const added = values.manualCriteria.filter((label) => !existing.some((c) => c.label === label))
  if (added.length) await db.insertInto('tier_manual_criteria').values(added.map((label) => ({ tenant_id: tenantId, tier_id: tierId!, label }))).execute()

  await recordAudit(db, {
    tenantId, actor: who.actor!, ip: who.ip, action: id ? 'tier.updated' : 'tier.created', entityType: 'tier', entityId: tierId,
    summary: `${id ? 'Updated' : 'Created'} tier ${values.name}${renamedFrom ? ` (renamed from ${renamedFrom})` : ''}`,
    details: { ...values },
  })
  return null
}

async function deleteTier(db: TenantDb, tenantId: string, id: string, who: TierActor): Promise<string | null> {
  const tier = await db.selectFrom('tiers').select(['name']).where('id', '=', id).executeTakeFirst()
  if (!tier) return 'That tier no longer exists.'
  const holders = await db.selectFrom('tenants').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'partner').where('tier_name', '=', tier.name).executeTakeFirstOrThrow()
  if (Number(holders.n) > 0) return `${holders.n} partner${Number(holders.n) === 1 ? ' holds' : 's hold'} ${tier.name}: evaluate or override ${Number(holders.n) === 1 ? 'it' : 'them'} into another tier first.`
  const criteria = await db.selectFrom('tier_manual_criteria').select('id').where('tier_id', '=', id).execute()
  if (criteria.length) await db.deleteFrom('partner_manual_criteria').where('criterion_id', 'in', criteria.map((c) => c.id)).execute()
  await db.deleteFrom('tiers').where('id', '=', id).execute()
  await recordAudit(db, { tenantId, actor: who.actor!, ip: who.ip, action: 'tier.deleted', entityType: 'tier', entityId: id, summary: `Deleted tier ${tier.name}` })
  return null
}

/** The tier program page's action, by intent. */
export async function tierAdminAction(caller: Caller, formData: FormData, ip: string | null) {
  const intent = String(formData.get('intent') ?? '')
  const who = tierActorOf(caller, ip)
  const tenantId = caller.viewer.tenantId

  if (intent === 'evaluate-all') {
    const results = await caller.db((db) => evaluatePartnersNow(db, who))
    const changed = results.filter((r) => r.decision.kind === 'promotion' || r.decision.kind === 'demotion').length
    return tierAnswer('evaluate', results.length ? `Evaluated ${results.length} partners: ${changed} changed tier.` : 'The program has no tiers yet: nothing to evaluate.')
  }
  // Row-level security lets only vendor admins write the program and its tiers.
  if (caller.viewer.role !== 'vendor_admin') throw forbidden('Only a vendor admin changes the tier program.')

  if (intent === 'settings') {
    const parsed = parsePlainForm(ProgramSettingsSchema, formData)
    if (!parsed.ok) return tierRefusal('settings', parsed.errors)
    await caller.db((db) => saveProgramSettings(db, tenantId, { ...tierProgramDefaults, ...parsed.data }, who))
    return tierAnswer('settings', 'Program settings saved. They apply from the next evaluation.')
  }
  if (intent === 'save-tier' || intent === 'delete-tier') {
    const rawId = formData.get('id')
    const id = typeof rawId === 'string' && rawId !== '' ? rawId : null
    if (id !== null && !isUuid(id)) throw new Response('No such tier.', { status: 404 })
    const form = id ? `tier:${id}` : 'tier:new'
    if (intent === 'delete-tier') {
      if (!id) throw new Response('No such tier.', { status: 404 })
      const refusal = await caller.db((db) => deleteTier(db, tenantId, id, who))
      return refusal ? tierRefusal(form, {}, refusal, 409) : tierAnswer(null, 'Tier deleted.')
    }
    try {
      const saved = await caller.db(async (db) => {
        const { settings } = await loadTierProgram(db)
        const certificationIds = (await db.selectFrom('certifications').select('id').execute()).map((c) => c.id)
        const read = readTierForm(formData, settings.currency, certificationIds)
        if (!read.ok) return read.errors
        return saveTier(db, tenantId, id, read.values, who)
      })
      return saved ? tierRefusal(form, saved) : tierAnswer(form, id ? 'Tier saved.' : 'Tier created.')
    } catch (error) {
      if (isUniqueViolation(error)) return tierRefusal(form, { name: ['Another tier has this name or rank.'] })
      throw error
    }
  }
  return tierRefusal(null, {}, 'Unknown action.')
}

/** One partner's tier page in the console: its standing, the figures against every tier, its marks and history. */
export async function partnerTierPage(db: TenantDb, tenantId: string, page: number, now = new Date()) {
  const tenant = await db.selectFrom('tenants').select(['id', 'name', 'display_name']).where('id', '=', tenantId).where('kind', '=', 'partner').executeTakeFirst()
  if (!tenant) return null
  const [{ settings, tiers }, standing, status, marks, history] = await Promise.all([
    loadTierProgram(db),
    partnerStanding(db, tenantId, now),
    db.selectFrom('partner_tier_status').select(['override_by_name', 'override_at', 'qualifying_tier']).where('tenant_id', '=', tenantId).executeTakeFirst(),
    db.selectFrom('partner_manual_criteria').select(['criterion_id', 'met_at', 'met_by_name', 'note']).where('tenant_id', '=', tenantId).execute(),
    tierHistory(db, tenantId, page),
  ])
  return {
    tenant: { id: tenant.id, name: tenant.name },
    settings,
    standing,
    overrideBy: status?.override_by_name ? { name: status.override_by_name, at: status.override_at } : null,
    tiers: tiers.map((tier) => ({ tier, requirements: requirementProgress(tier, standing.figures) })),
    marks: Object.fromEntries(marks.map((mark) => [mark.criterion_id, { metAt: mark.met_at, by: mark.met_by_name, note: mark.note }])),
    history,
  }
}

export type PartnerTierPage = NonNullable<Awaited<ReturnType<typeof partnerTierPage>>>

/** The console's partner tier page action: override, clear the override, mark a criterion, evaluate now. */
export async function partnerTierAction(caller: Caller, tenantId: string, formData: FormData, ip: string | null) {
  const intent = String(formData.get('intent') ?? '')
  const who = tierActorOf(caller, ip)
  const schemas = { override: OverrideSchema, 'clear-override': ClearOverrideSchema, criterion: CriterionSchema, evaluate: null } as const
  if (!(intent in schemas)) return tierRefusal(null, {}, 'Unknown action.')
  const schema = schemas[intent as keyof typeof schemas]
  const parsed = schema ? parsePlainForm(schema, formData) : { ok: true as const, data: {} }
  if (!parsed.ok) return tierRefusal(intent, parsed.errors)
  const values = parsed.data as Record<string, string | undefined>
  try {
    const message = await caller.db(async (db) => {
      if (intent === 'override') {
        await overrideTier(db, who, tenantId, { tier: values.tier!, reason: values.reason! })
        return `Tier set to ${values.tier}; evaluations keep it until the override is cleared.`
      }
      if (intent === 'clear-override') {
        const result = await clearOverride(db, who, tenantId, values.reason!)
        return `Override cleared. ${result ? `Evaluated: ${result.decision.tier}.` : ''}`.trim()
      }
      if (intent === 'criterion') {
        await setManualCriterion(db, who, tenantId, values.criterionId!, values.met === 'on', values.note)
        return 'Criterion saved. It counts from the next evaluation.'
      }
      const result = await evaluatePartner(db, tenantId, { ...who })
      if (!result) return 'The program has no tiers yet: nothing to evaluate.'
      return {
        promotion: `Promoted to ${result.decision.tier}.`,
        demotion: `Demoted to ${result.decision.tier}.`,
        pending_demotion: `Short of ${result.decision.tier}: the grace period runs.`,
        overridden: `The override holds: ${result.decision.tier}.`,
        none: `No change: ${result.decision.tier}.`,
      }[result.decision.kind]
    })
    return tierAnswer(intent, message)
  } catch (error) {
    if (error instanceof TierInputError) return tierRefusal(intent, { [error.field]: [error.message] })
    throw error
  }
}

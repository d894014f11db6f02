import { differenceInDays } from 'date-fns'
import { sql } from 'kysely'
import type { Role } from '#db/schema.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { can } from '#app/features/auth/permissions.ts'

/**
 * A partner organization's onboarding, computed from its data in two queries:
 * accept the partner agreement, complete the company profile, invite
 * colleagues, finish the onboarding courses, register the first deal.
 *
 * A step with nothing to do is left out: the agreement before the vendor has
 * published one, the course when no published onboarding course is for this
 * organization (its partner type and tier; roles do not matter, anyone in the
 * organization may finish it). Onboarding is complete once every step is
 * done, where any accepted version counts for the agreement: a later version
 * is asked for by a prompt of its own, not by reopening the checklist.
 */

export type StepKey = 'agreement' | 'profile' | 'colleagues' | 'course' | 'deal'

interface Facts {
  created_at: Date
  first_action_at: Date | null
  profile_complete: boolean
  latest_id: string | null
  latest_version: number | null
  latest_published_at: Date | null
  accepted_version: number | null
  accepted_by: string | null
  accepted_at: Date | null
  colleagues_invited: boolean
}

async function facts(db: TenantDb, tenantId: string) {
  const { rows } = await sql<Facts>`
    select t.created_at, t.first_action_at,
           (t.website is not null and t.country is not null and t.phone is not null and t.address is not null) as profile_complete,
           latest.id as latest_id, latest.version as latest_version, latest.published_at as latest_published_at,
           mine.agreement_version as accepted_version, mine.user_name as accepted_by, mine.accepted_at,
           (people.n > 1 or (people.n > 0 and exists (
              select 1 from invitations i
               where i.tenant_id = t.id and i.revoked_at is null and i.role <> 'end_customer'
                 and not exists (select 1 from users u where u.tenant_id = i.tenant_id and u.email = i.email)))) as colleagues_invited
      from tenants t
      cross join lateral (select count(*)::int as n from users u where u.tenant_id = t.id and u.role <> 'end_customer') people
      left join lateral (select id, version, published_at from partner_agreements order by version desc limit 1) latest on true
      left join lateral (select agreement_version, user_name, accepted_at from agreement_acceptances a
                          where a.tenant_id = t.id order by a.agreement_version desc limit 1) mine on true
     where t.id = ${tenantId} and t.kind = 'partner'
  `.execute(db)
  return rows[0]
}

/** The published onboarding courses this organization is in the audience of, and whether someone in it finished each. */
async function onboardingCourses(db: TenantDb, tenantId: string) {
  const { rows } = await sql<{ id: string; title: string; done: boolean }>`
    select c.id, c.title,
           exists (select 1 from course_completions cc where cc.tenant_id = t.id and cc.course_id = c.id) as done
      from courses c
      join tenants t on t.id = ${tenantId}
     where c.onboarding and c.status = 'published'
       and exists (select 1 from course_audiences a
                    where a.tenant_id = c.tenant_id and a.course_id = c.id
                      and (cardinality(a.partner_types) = 0 or t.partner_type = any (a.partner_types))
                      and (cardinality(a.tier_names) = 0 or exists (select 1 from unnest(a.tier_names) as tier (name) where lower(tier.name) = lower(t.tier_name))))
     order by c.published_at, c.id
  `.execute(db)
  return rows
}

export interface OnboardingStep {
  key: StepKey
  done: boolean
}

export async function onboardingStatus(db: TenantDb, tenantId: string, now = new Date()) {
  const [found, courses] = await Promise.all([facts(db, tenantId), onboardingCourses(db, tenantId)])
  if (!found) return null
  const latestAccepted = found.latest_version !== null && found.accepted_version === found.latest_version
  const steps: OnboardingStep[] = [
    ...(found.latest_version !== null ? [{ key: 'agreement' as const, done: latestAccepted }] : []),
    { key: 'profile', done: found.profile_complete },
    { key: 'colleagues', done: found.colleagues_invited },
    ...(courses.length > 0 ? [{ key: 'course' as const, done: courses.every((course) => course.done) }] : []),
    { key: 'deal', done: found.first_action_at !== null },
  ]
  const complete = steps.every((step) => step.done || (step.key === 'agreement' && found.accepted_version !== null))
  return {
    steps,
    doneCount: steps.filter((step) => step.done).length,
    complete,
    courses,
    agreement: {
      latestId: found.latest_id,
      latestVersion: found.latest_version,
      latestPublishedAt: found.latest_published_at,
      latestAccepted,
      acceptedVersion: found.accepted_version,
      acceptedBy: found.accepted_by,
      acceptedAt: found.accepted_at,
    },
    createdAt: found.created_at,
    firstActionAt: found.first_action_at,
    /** Account creation to first action in whole days; while there is none, the days waited so far. */
    daysToFirstAction: found.first_action_at ? differenceInDays(found.first_action_at, found.created_at) : null,
    daysWithoutAction: found.first_action_at ? null : differenceInDays(now, found.created_at),
  }
}

export type OnboardingStatus = NonNullable<Awaited<ReturnType<typeof onboardingStatus>>>

export interface ChecklistStep extends OnboardingStep {
  /** Where the step is done, for a role that may do it; null otherwise (and once done). */
  href: string | null
  detail: string | null
}

/**
 * What the home page shows: the checklist until onboarding is complete, then
 * (for partner admins) a prompt while the latest agreement version waits
 * for acceptance.
 */
export function homeOnboarding(status: OnboardingStatus, role: Role) {
  const firstCourse = status.courses.find((course) => !course.done)
  const step = (key: StepKey): Pick<ChecklistStep, 'href' | 'detail'> => {
    const { agreement } = status
    switch (key) {
      case 'agreement':
        if (agreement.latestAccepted) return { href: null, detail: `Version ${agreement.latestVersion} accepted by ${agreement.acceptedBy}.` }
        return can(role, 'accept:agreement:own')
          ? { href: '/agreement', detail: `Read version ${agreement.latestVersion} and accept it on behalf of your organization.` }
          : { href: null, detail: 'Your partner admin accepts it on behalf of the organization.' }
      case 'profile':
        return { href: can(role, 'manage:profile:own') ? '/settings/company' : null, detail: 'Website, country, phone and address.' }
      case 'colleagues':
        return { href: can(role, 'manage:user:own') ? '/team' : null, detail: 'Invite at least one colleague to the portal.' }
      case 'course':
        return {
          href: can(role, 'take:training:own') ? (firstCourse ? `/training/courses/${firstCourse.id}` : '/training') : null,
          detail: status.courses.map((course) => course.title).join(', '),
        }
      case 'deal':
        return { href: can(role, 'create:deal:own') ? '/deals/new' : null, detail: 'Submit a deal registration for review.' }
    }
  }
  const checklist = status.complete
    ? null
    : {
        doneCount: status.doneCount,
        total: status.steps.length,
        steps: status.steps.map((entry): ChecklistStep => {
          const { href, detail } = step(entry.key)
          return { ...entry, href: entry.done ? null : href, detail }
        }),
      }
  const agreementPrompt = status.complete && !status.agreement.latestAccepted && status.agreement.latestVersion !== null && can(role, 'accept:agreement:own')
    ? { version: status.agreement.latestVersion }
    : null
  return { checklist, agreementPrompt }
}

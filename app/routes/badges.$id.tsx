import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { awardStatus, awardStatusLabels } from '#app/features/training/award-status.ts'
import {
  assertionUrl,
  badgeClassUrl,
  badgeDate,
  badgeOrigin,
  issuerUrl,
  publicAward,
} from '#app/features/training/open-badges.server.ts'

/**
 * The human side of a badge's verification: what the badge itself shows
 * (certification, recipient's name, dates, status, issuer) and nothing more
 * about the person: no e-mail, organization or tenant.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { award, vendor } = await publicAward(request, params.id)
  const origin = badgeOrigin()
  // The public page has no renewal window: a badge is valid until it expires.
  const status = awardStatus({ expiresAt: award.expiresAt, revokedAt: award.revokedAt, renewalNoticeDays: 0 })
  return {
    badge: {
      certificationName: award.certificationName,
      description: award.certificationDescription,
      recipientName: award.recipientName,
      issuerName: vendor.name,
      status: status === 'expiring' ? 'valid' : status,
      issuedOn: { iso: award.awardedAt.toISOString(), label: badgeDate(award.awardedAt) },
      expiresOn: { iso: award.expiresAt.toISOString(), label: badgeDate(award.expiresAt) },
      revokedOn: award.revokedAt && { iso: award.revokedAt.toISOString(), label: badgeDate(award.revokedAt) },
      revocationReason: award.revocationReason,
      imageUrl: `/badges/classes/${award.certificationId}/image.png`,
      links: {
        assertion: assertionUrl(origin, award.id),
        badgeClass: badgeClassUrl(origin, award.certificationId),
        issuer: issuerUrl(origin),
      },
    },
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
      { title: `${data.badge.certificationName} · ${awardStatusLabels[data.badge.status]} badge` },
      { name: 'description', content: `${data.badge.certificationName}, issued by ${data.badge.issuerName}.` },
      { name: 'robots', content: 'noindex' },
    ]
    : [{ title: 'Badge not found' }]

type Badge = ReturnType<typeof useLoaderData<typeof loader>>['badge']

function StatusBanner({ badge }: { badge: Badge }) {
  const look = {
    valid: 'border-green-700 bg-green-50 text-green-900',
    expired: 'border-amber-600 bg-amber-50 text-amber-950',
    revoked: 'border-red-700 bg-red-50 text-red-900',
  }[badge.status]
  return (
    <div role="status" className={`rounded-md border-l-4 p-3 ${look}`}>
      {badge.status === 'valid' ? (
        <p className="font-semibold">Valid: this badge was issued by {badge.issuerName} and has not expired.</p>
      ) : badge.status === 'expired' ? (
        <p className="font-semibold">
          Expired on <time dateTime={badge.expiresOn.iso}>{badge.expiresOn.label}</time>
        </p>
      ) : (
        <>
          <p className="font-semibold">{badge.revocationReason ? `Revoked: ${badge.revocationReason}` : 'Revoked'}</p>
          {badge.revokedOn ? (
            <p className="text-sm">
              The issuer revoked this badge on <time dateTime={badge.revokedOn.iso}>{badge.revokedOn.label}</time>.
            </p>
          ) : null}
        </>
      )}
    </div>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:gap-4">
      <dt className="shrink-0 text-sm font-medium text-slate-600 sm:w-28">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  )
}

export default function BadgeVerification() {
  const { badge } = useLoaderData<typeof loader>()
  const linkClass = 'font-medium text-brand-text underline'
  return (
    <article aria-labelledby="badge-heading" className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <header className="flex flex-col items-center gap-3 text-center">
        <img src={badge.imageUrl} alt="" width={160} height={160} className="size-40" />
        <p className="text-sm font-semibold text-slate-600">Certification badge</p>
        <h1 id="badge-heading" className="text-2xl font-bold break-words">
          {badge.certificationName}
        </h1>
      </header>
      <StatusBanner badge={badge} />
      <p className="break-words whitespace-pre-line text-slate-800">{badge.description}</p>
      <dl className="space-y-3">
        <Fact label="Awarded to">{badge.recipientName}</Fact>
        <Fact label="Issued by">{badge.issuerName}</Fact>
        <Fact label="Issued on">
          <time dateTime={badge.issuedOn.iso}>{badge.issuedOn.label}</time>
        </Fact>
        <Fact label={badge.status === 'expired' ? 'Expired on' : 'Expires on'}>
          <time dateTime={badge.expiresOn.iso}>{badge.expiresOn.label}</time>
        </Fact>
      </dl>
      <section aria-labelledby="badge-data-heading" className="space-y-2 border-t border-slate-200 pt-4">
        <h2 id="badge-data-heading" className="text-base font-semibold">
          Open Badges data
        </h2>
        <p className="text-sm text-slate-700">For badge verifiers and backpacks (Open Badges 2.0, JSON-LD):</p>
        <ul className="space-y-1 text-sm">
          <li>
            <a className={linkClass} href={badge.links.assertion}>Assertion</a>
          </li>
          <li>
            <a className={linkClass} href={badge.links.badgeClass}>Badge class</a>
          </li>
          <li>
            <a className={linkClass} href={badge.links.issuer}>Issuer</a>
          </li>
        </ul>
      </section>
    </article>
  )
}

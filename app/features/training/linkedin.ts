/**
 * LinkedIn's "Add to profile" link for a certification
 * (https://addtoprofile.linkedin.com/): it opens the learner's profile with
 * the certification filled in. Months are 1–12, in UTC like the badge's dates.
 */
export interface LinkedInCertification {
  name: string
  organizationName: string
  issuedAt: Date | string
  expiresAt: Date | string | null
  /** The public verification page. */
  certUrl: string
  /** The credential id LinkedIn shows: the badge's assertion id. */
  certId: string
}

export function linkedInAddToProfileUrl({ name, organizationName, issuedAt, expiresAt, certUrl, certId }: LinkedInCertification): string {
  const issued = new Date(issuedAt)
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name,
    organizationName,
    issueYear: String(issued.getUTCFullYear()),
    issueMonth: String(issued.getUTCMonth() + 1),
  })
  if (expiresAt) {
    const expires = new Date(expiresAt)
    params.set('expirationYear', String(expires.getUTCFullYear()))
    params.set('expirationMonth', String(expires.getUTCMonth() + 1))
  }
  params.set('certUrl', certUrl)
  params.set('certId', certId)
  return `https://www.linkedin.com/profile/add?${params}`
}

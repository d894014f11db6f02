import { promises as dns } from 'node:dns'

export type TxtResolver = (hostname: string) => Promise<string[][]>

/** The DNS record a partner adds to prove it controls its custom domain. */
export function verificationRecordName(domain: string) {
  return `_partner-portal.${domain}`
}

/** True when the domain's verification TXT record carries the token. */
export async function hasVerificationRecord(domain: string, token: string, resolveTxt: TxtResolver = dns.resolveTxt): Promise<boolean> {
  try {
    const records = await resolveTxt(verificationRecordName(domain))
    return records.some((chunks) => chunks.join('') === token)
  } catch {
    return false
  }
}

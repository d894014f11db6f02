import { expect, test } from 'vitest'
import { hasVerificationRecord, verificationRecordName } from './custom-domain.server.ts'

test('a domain is verified by a TXT record carrying its token', async () => {
  const zone: Record<string, string[][]> = { '_partner-portal.partners.acme.com': [['v=spf1'], ['tok', 'en-123']] }
  const resolveTxt = async (name: string) => {
    if (!zone[name]) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
    return zone[name]
  }
  expect(verificationRecordName('partners.acme.com')).toBe('_partner-portal.partners.acme.com')
  expect(await hasVerificationRecord('partners.acme.com', 'token-123', resolveTxt)).toBe(true)
  expect(await hasVerificationRecord('partners.acme.com', 'other', resolveTxt)).toBe(false)
  expect(await hasVerificationRecord('unknown.example', 'token-123', resolveTxt)).toBe(false)
})

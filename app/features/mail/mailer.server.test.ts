import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import { afterEach, expect, test } from 'vitest'
import { resetEnvForTests } from '#app/env.server.ts'
import { systemDb } from '#db/system.server.ts'
import { createPartner } from '#tests/support/factories.ts'
import { sendMail } from './mailer.server.ts'

afterEach(() => {
  delete process.env.SMTP_URL
  resetEnvForTests()
})

test('without SMTP_URL, mail lands in the outbox', async () => {
  const tenant = await createPartner()
  const db = await systemDb()
  await sendMail(db, { tenantId: tenant.id, to: 'rep@example.test', subject: 'Hello', text: 'Body' })
  const row = await db.selectFrom('outbox_emails').selectAll().where('tenant_id', '=', tenant.id).executeTakeFirstOrThrow()
  expect(row).toMatchObject({ to_address: 'rep@example.test', subject: 'Hello', text_body: 'Body' })
})

test('with SMTP_URL, mail goes to the SMTP server and not to the outbox', async () => {
  const received: string[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let message = ''
      stream.on('data', (chunk: Buffer) => (message += chunk.toString()))
      stream.on('end', () => {
        received.push(message)
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.server.address() as AddressInfo
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`
    resetEnvForTests()
    const tenant = await createPartner()
    const db = await systemDb()
    await sendMail(db, { tenantId: tenant.id, to: 'rep@example.test', subject: 'Over SMTP', text: 'Sent for real' })
    expect(received).toHaveLength(1)
    expect(received[0]).toContain('Subject: Over SMTP')
    expect(received[0]).toContain('Sent for real')
    const outbox = await db.selectFrom('outbox_emails').select('id').where('tenant_id', '=', tenant.id).execute()
    expect(outbox).toHaveLength(0)
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
})

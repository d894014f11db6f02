import nodemailer, { type Transporter } from 'nodemailer'
import { env } from '#app/env.server.ts'
import type { MailAttachment } from '#db/schema.ts'
import type { SystemDb } from '#db/system.server.ts'
import type { TenantDb } from '#db/tenant-transaction.server.ts'

export interface Mail {
  /** The tenant the message concerns (the vendor's for vendor staff). */
  tenantId: string
  to: string
  subject: string
  text: string
  attachments?: MailAttachment[]
}

let transporter: { url: string; transport: Transporter } | undefined

/**
 * One mailer: SMTP when `SMTP_URL` is set; otherwise the outbox table, which
 * vendor admins read in the console. The outbox row is written in the
 * caller's transaction, so a rolled-back change sends nothing.
 */
export async function sendMail(db: TenantDb | SystemDb, mail: Mail) {
  const { SMTP_URL, MAIL_FROM } = env()
  if (SMTP_URL) {
    if (transporter?.url !== SMTP_URL) transporter = { url: SMTP_URL, transport: nodemailer.createTransport(SMTP_URL) }
    const attachments = mail.attachments?.map(({ filename, contentType, content }) => ({ filename, contentType, content }))
    await transporter.transport.sendMail({ from: MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, attachments })
    return
  }
  await db
    .insertInto('outbox_emails')
    .values({ tenant_id: mail.tenantId, to_address: mail.to, subject: mail.subject, text_body: mail.text, attachments: JSON.stringify(mail.attachments ?? []) })
    .execute()
}

import type { SubmissionResult } from '@conform-to/react'
import { data } from '@remix-run/node'
import type { AuditActor } from '#app/features/audit/audit.server.ts'
import { invariantResponse, isUuid } from '#app/features/http.server.ts'

/** Who makes a change, in which tenant, from which address: what its audit entry records. */
export interface Change {
  tenantId: string
  actor: AuditActor
  ip: string | null
}

/** What a reference-data form's action answers: which form it was, conform's reply, a notice. */
export interface FormAnswer {
  ok: boolean
  form: string | null
  result: SubmissionResult<string[]> | null
  message: string | null
}

export function answered(form: string, message: string, result: SubmissionResult<string[]> | null = null): FormAnswer {
  return { ok: true, form, result, message }
}

/** A refusal with the reason on the field (in `result`) or as a notice; nothing was written. */
export function refused(form: string | null, result: SubmissionResult<string[]> | null, message: string | null = null, status = 400) {
  return data<FormAnswer>({ ok: false, form, result, message }, { status })
}

/** The id of the row a form acts on; a malformed or missing one is a 404, never a database error. */
export function requireFormUuid(formData: FormData, name: string, message: string): string {
  const value = formData.get(name)
  invariantResponse(isUuid(value), message)
  return value
}

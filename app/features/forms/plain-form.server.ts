import type { z } from 'zod'

export type FieldErrors = Record<string, string[] | undefined>

/**
 * Parses a small form (a note, a reason, an amount) with its zod schema:
 * empty strings count as missing. Field errors come back keyed by name.
 */
export function parsePlainForm<Schema extends z.ZodTypeAny>(schema: Schema, formData: FormData):
  | { ok: true; data: z.output<Schema> }
  | { ok: false; errors: FieldErrors } {
  const values = Object.fromEntries([...formData].filter(([, value]) => typeof value === 'string' && value.trim() !== ''))
  const parsed = schema.safeParse(values)
  if (parsed.success) return { ok: true, data: parsed.data }
  const errors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '')
    errors[field] = [...(errors[field] ?? []), issue.message]
  }
  return { ok: false, errors }
}

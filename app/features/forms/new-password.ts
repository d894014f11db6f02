import { z } from 'zod'
import { passwordField } from './fields.ts'

/** A new password typed twice. */
export const newPasswordFields = {
  password: passwordField,
  confirmPassword: z.string({ required_error: 'Type the password again.' }),
}

export function passwordsMatch(value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'The passwords do not match.' })
  }
}

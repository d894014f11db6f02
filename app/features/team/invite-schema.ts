import { z } from 'zod'
import { emailField, partnerRoleField } from '#app/features/forms/fields.ts'

export const InviteSchema = z.object({ email: emailField, role: partnerRoleField })

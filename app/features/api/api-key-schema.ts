import { z } from 'zod'

export const ApiKeySchema = z.object({
  name: z
    .string({ required_error: 'Name the key, e.g. after the system that uses it.' })
    .trim()
    .min(1, 'Name the key, e.g. after the system that uses it.')
    .max(80, 'A key name is at most 80 characters.'),
})

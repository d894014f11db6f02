import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

/**
 * Connections per process to a PostgreSQL server: two per core and one more,
 * Prisma's default and near the PostgreSQL wiki's rule (two per core and one
 * per disk). More only queue the same work inside PostgreSQL, where a call's
 * wait grows with its cost (decision 016); set DATABASE_POOL_SIZE for the
 * database machine's cores when it has more than this one.
 */
export const defaultDatabasePoolSize = 2 * os.availableParallelism() + 1

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .url()
    .refine((url) => /^postgres(ql)?:\/\//.test(url), 'DATABASE_URL must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(defaultDatabasePoolSize),
  PORTAL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+$/, 'PORTAL_DOMAIN is a host name such as portal.example.com')
    .default('localhost'),
  SESSION_SECRET: z.string().min(16).optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Partner Portal <no-reply@localhost>'),
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto / X-Forwarded-For. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  SEED_ON_EMPTY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Payouts through Stripe Connect transfers; unset, payouts are exported as a payment file. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  /** The signing secret of the Stripe webhook endpoint (`/webhooks/stripe`). */
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Another Stripe API origin (a local Stripe-speaking server in tests), e.g. http://127.0.0.1:12111. */
  STRIPE_API_URL: z.string().url().optional(),
  /** Uploaded files go to this S3 bucket; unset, they are kept on disk under `DATA_DIR/uploads`. */
  S3_BUCKET: z.string().min(1).optional(),
  /** An S3-compatible server instead of AWS (MinIO, R2, a local server in tests), e.g. http://127.0.0.1:9000. */
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Static S3 credentials, both or neither; unset, the AWS SDK's default chain (instance role, ~/.aws, AWS_* variables). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Content search on a Typesense server (e.g. http://127.0.0.1:8108) instead of PostgreSQL full text. */
  TYPESENSE_URL: z.string().url().optional(),
  TYPESENSE_API_KEY: z.string().min(1).optional(),
}).refine(
  (values) => (values.TYPESENSE_URL === undefined) || values.TYPESENSE_API_KEY !== undefined,
  { message: 'TYPESENSE_API_KEY is required with TYPESENSE_URL', path: ['TYPESENSE_API_KEY'] },
).refine(
  (values) => (values.S3_ACCESS_KEY_ID === undefined) === (values.S3_SECRET_ACCESS_KEY === undefined),
  { message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all', path: ['S3_SECRET_ACCESS_KEY'] },
)

export type Env = z.infer<typeof schema>

function readEnv(): Env {
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
    throw new Error(`Invalid environment:\n${problems.join('\n')}`)
  }
  return { ...parsed.data, DATA_DIR: path.resolve(parsed.data.DATA_DIR) }
}

let cached: Env | undefined

/** The validated environment, read once. */
export function env(): Env {
  return (cached ??= readEnv())
}

/** Tests change the environment between suites; production reads it once. */
export function resetEnvForTests() {
  cached = undefined
}

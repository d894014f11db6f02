import { type Kysely } from 'kysely'
import { Migrator, type Migration } from 'kysely/migration'
import * as spine from './migrations/0001-spine.ts'
import * as deals from './migrations/0002-deals.ts'
import * as dealLifecycle from './migrations/0003-deal-lifecycle.ts'
import * as dealBenchIndexes from './migrations/0004-deal-bench-indexes.ts'
import * as commissions from './migrations/0005-commissions.ts'
import * as support from './migrations/0006-support.ts'
import * as training from './migrations/0007-training.ts'
import * as tiers from './migrations/0008-tiers.ts'
import * as overviewIndexes from './migrations/0009-overview-indexes.ts'
import * as content from './migrations/0010-content.ts'
import * as tierManagers from './migrations/0011-tier-managers.ts'
import * as ledgerVersions from './migrations/0012-ledger-versions.ts'
import * as onboarding from './migrations/0013-onboarding.ts'
import * as endCustomers from './migrations/0014-end-customers.ts'
import * as activity from './migrations/0015-activity.ts'
import * as contentSearchHead from './migrations/0016-content-search-head.ts'
import * as dealVersions from './migrations/0017-deal-versions.ts'
import * as contentSearchLexemes from './migrations/0018-content-search-lexemes.ts'
import * as contentSearchDatedLexemes from './migrations/0019-content-search-dated-lexemes.ts'

// An in-code provider: FileMigrationProvider cannot load .ts files under vitest.
const migrations: Record<string, Migration> = {
  '0001-spine': spine,
  '0002-deals': deals,
  '0003-deal-lifecycle': dealLifecycle,
  '0004-deal-bench-indexes': dealBenchIndexes,
  '0005-commissions': commissions,
  '0006-support': support,
  '0007-training': training,
  '0008-tiers': tiers,
  '0009-overview-indexes': overviewIndexes,
  '0010-content': content,
  '0011-tier-managers': tierManagers,
  '0012-ledger-versions': ledgerVersions,
  '0013-onboarding': onboarding,
  '0014-end-customers': endCustomers,
  '0015-activity': activity,
  '0016-content-search-head': contentSearchHead,
  '0017-deal-versions': dealVersions,
  '0018-content-search-lexemes': contentSearchLexemes,
  '0019-content-search-dated-lexemes': contentSearchDatedLexemes,
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Migrator takes any schema
export async function migrateToLatest(db: Kysely<any>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } })
  const { error, results } = await migrator.migrateToLatest()
  for (const result of results ?? []) {
    if (result.status === 'Error') console.error(`migration ${result.migrationName} failed`)
  }
  if (error) throw error
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}

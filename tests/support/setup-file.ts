import fs from 'node:fs'
import pg from 'pg'
import { afterAll, inject } from 'vitest'
import { closeDatabase, setDatabaseOpener } from '#db/client.server.ts'
import { openDatabase } from '#db/connection.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'

/**
 * Each test file gets its own database, copied from the migrated template
 * when a test first touches it (pure unit test files never pay for one).
 */
let dropDatabase: (() => Promise<void>) | undefined

forgetResolvedHosts()
setDatabaseOpener(async () => {
  const serverTemplate = inject('serverTemplate')
  if (serverTemplate) {
    const name = `portal_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const admin = new pg.Client({ connectionString: serverTemplate.url })
    await admin.connect()
    await admin.query(`create database ${name} template ${serverTemplate.database}`)
    dropDatabase = async () => {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    }
    const url = new URL(serverTemplate.url)
    url.pathname = `/${name}`
    return openDatabase({ kind: 'server', url: url.toString(), poolSize: 5 })
  }
  const templatePath = inject('pgliteTemplatePath')
  if (!templatePath) throw new Error('The test database template is missing (tests/support/global-setup.ts).')
  return openDatabase({ kind: 'embedded', dataDir: null, loadDataDir: new Blob([fs.readFileSync(templatePath)]) })
})

afterAll(async () => {
  await closeDatabase()
  await dropDatabase?.()
})

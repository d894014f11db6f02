import fs from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { closeDatabase, installDatabase } from '#db/client.server.ts'
import { openDatabase } from '#db/connection.server.ts'
import { forgetResolvedHosts } from '#tenants/host.server.ts'

/** Each test file gets its own database, copied from the migrated template. */
let dropDatabase: (() => Promise<void>) | undefined

beforeAll(async () => {
  forgetResolvedHosts()
  const serverTemplate = inject('serverTemplate')
  if (serverTemplate) {
    const name = `portal_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
    const admin = new pg.Client({ connectionString: serverTemplate.url })
    await admin.connect()
    await admin.query(`create database ${name} template ${serverTemplate.database}`)
    const url = new URL(serverTemplate.url)
    url.pathname = `/${name}`
    installDatabase(await openDatabase({ kind: 'server', url: url.toString(), poolSize: 5 }))
    dropDatabase = async () => {
      await admin.query(`drop database if exists ${name} with (force)`)
      await admin.end()
    }
    return
  }
  const templatePath = inject('pgliteTemplatePath')
  if (!templatePath) throw new Error('The test database template is missing (tests/support/global-setup.ts).')
  const loadDataDir = new Blob([fs.readFileSync(templatePath)])
  installDatabase(await openDatabase({ kind: 'embedded', dataDir: null, loadDataDir }))
})

afterAll(async () => {
  await closeDatabase()
  await dropDatabase?.()
})

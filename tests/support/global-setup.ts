import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '#db/connection.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a gzipped data dir, migrated once. */
    pgliteTemplatePath: string | null
    /** PostgreSQL server: a migrated database each test file copies. */
    serverTemplate: { url: string; database: string } | null
  }
}

/**
 * Migrates once per run into a template (a PGlite data-dir dump, or a
 * template database on the server); each test file starts from a copy.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const database = `portal_tpl_${process.pid}_${Date.now()}`
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${database}`)
    const url = new URL(serverUrl)
    url.pathname = `/${database}`
    const template = await openDatabase({ kind: 'server', url: url.toString(), poolSize: 1 })
    await migrateToLatest(template.db)
    await template.close()
    project.provide('serverTemplate', { url: serverUrl, database })
    project.provide('pgliteTemplatePath', null)
    return async () => {
      await admin.query(`drop database if exists ${database} with (force)`)
      await admin.end()
    }
  }

  const template = await openDatabase({ kind: 'embedded', dataDir: null })
  await migrateToLatest(template.db)
  const dump = await template.pglite!.dumpDataDir('gzip')
  await template.close()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portal-tests-')), 'template.tar.gz')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplatePath', file)
  project.provide('serverTemplate', null)
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true })
}

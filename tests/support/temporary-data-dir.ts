import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { resetEnvForTests } from '#app/env.server.ts'
import { resetFileStorageForTests } from '#app/features/storage/storage.server.ts'

/** Gives the test file a data directory of its own (local uploads land in it), removed afterwards. Call at the top level of the file. */
export function useTemporaryDataDir(prefix: string) {
  const saved = process.env.DATA_DIR
  let dir = ''
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), `portal-${prefix}-`))
    process.env.DATA_DIR = dir
    resetEnvForTests()
    resetFileStorageForTests()
  })
  afterAll(async () => {
    if (saved === undefined) delete process.env.DATA_DIR
    else process.env.DATA_DIR = saved
    resetEnvForTests()
    resetFileStorageForTests()
    await fs.rm(dir, { recursive: true, force: true })
  })
  return () => dir
}

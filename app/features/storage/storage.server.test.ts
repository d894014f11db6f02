import fs from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { env, resetEnvForTests } from '#app/env.server.ts'
import { LocalFileStorage } from './local-storage.server.ts'
import { S3FileStorage } from './s3-storage.server.ts'
import { assertStorageKey, fileStorage, resetFileStorageForTests, type FileStorage } from './storage.server.ts'

// s3rver ships no types; this is the part of its API the tests use.
interface S3rverServer {
  run(): Promise<AddressInfo>
  close(): Promise<void>
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: {
  address: string
  port: number
  silent: boolean
  directory: string
  configureBuckets: { name: string; configs: string[] }[]
}) => S3rverServer

const bucket = 'portal-test-uploads'
const envKeys = ['DATA_DIR', 'S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE']
const savedEnv = Object.fromEntries(envKeys.map((key) => [key, process.env[key]]))

let tempDir: string
let s3rver: S3rverServer
let s3Endpoint: string

function useEnv(values: Record<string, string | undefined>) {
  for (const key of envKeys) {
    const value = key in values ? values[key] : savedEnv[key]
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
  resetEnvForTests()
  resetFileStorageForTests()
}

const useLocalEnv = () => useEnv({ DATA_DIR: path.join(tempDir, 'data'), S3_BUCKET: undefined })
const useS3Env = () =>
  useEnv({
    DATA_DIR: path.join(tempDir, 'data'),
    S3_BUCKET: bucket,
    S3_ENDPOINT: s3Endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    // s3rver looks the access key up (its one account is S3RVER) but does not check v4 signatures.
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  })

beforeAll(async () => {
  // The SDK warns once per process, on stderr, that releases after January 2027 need Node 22; this project runs Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  tempDir = await fs.mkdtemp(path.join(os.tmpdir(), 'portal-storage-test-'))
  s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: path.join(tempDir, 's3rver'),
    configureBuckets: [{ name: bucket, configs: [] }],
  })
  const { port } = await s3rver.run()
  s3Endpoint = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  useEnv({})
  await s3rver.close()
  await fs.rm(tempDir, { recursive: true, force: true })
})

const allByteValues = Uint8Array.from({ length: 256 }, (_, i) => i)
const invalidKeys = ['', '../x', 'a/../../x', '/abs', 'a//b', 'a/', 'has space', 'a/./b', '.', 'back\\slash', 'ümlaut', 'x'.repeat(513)]

describe.each([
  { backend: 'local', configure: useLocalEnv, kind: LocalFileStorage },
  { backend: 's3', configure: useS3Env, kind: S3FileStorage },
])('$backend storage', ({ configure, kind }) => {
  let storage: FileStorage
  beforeAll(() => {
    configure()
    storage = fileStorage()
    expect(storage).toBeInstanceOf(kind)
  })

  test('put then get returns the same bytes and content type', async () => {
    await storage.put('tickets/t1/all-bytes.bin', allByteValues, 'application/octet-stream')
    const stored = await storage.get('tickets/t1/all-bytes.bin')
    expect(stored).toEqual({ bytes: allByteValues, contentType: 'application/octet-stream', size: 256 })
    expect(stored?.bytes).toBeInstanceOf(Uint8Array)
  })

  test('an empty object round-trips', async () => {
    await storage.put('tickets/t1/empty.txt', new Uint8Array(), 'text/plain')
    expect(await storage.get('tickets/t1/empty.txt')).toEqual({ bytes: new Uint8Array(), contentType: 'text/plain', size: 0 })
  })

  test('put overwrites bytes and content type', async () => {
    await storage.put('tickets/t2/photo', new TextEncoder().encode('first version'), 'text/plain')
    await storage.put('tickets/t2/photo', Uint8Array.of(0x89, 0x50, 0x4e, 0x47), 'image/png')
    expect(await storage.get('tickets/t2/photo')).toEqual({ bytes: Uint8Array.of(0x89, 0x50, 0x4e, 0x47), contentType: 'image/png', size: 4 })
  })

  test('exists is false before put and after delete; deleting twice is fine', async () => {
    expect(await storage.exists('tickets/t3/a.pdf')).toBe(false)
    await storage.put('tickets/t3/a.pdf', new TextEncoder().encode('%PDF-1.4'), 'application/pdf')
    expect(await storage.exists('tickets/t3/a.pdf')).toBe(true)
    await storage.delete('tickets/t3/a.pdf')
    expect(await storage.exists('tickets/t3/a.pdf')).toBe(false)
    expect(await storage.get('tickets/t3/a.pdf')).toBeNull()
    await expect(storage.delete('tickets/t3/a.pdf')).resolves.toBeUndefined()
  })

  test('a missing key is null, not an error', async () => {
    expect(await storage.get('never/written.png')).toBeNull()
    expect(await storage.exists('never/written.png')).toBe(false)
    await expect(storage.delete('never/written.png')).resolves.toBeUndefined()
  })

  test.each(invalidKeys)('key %j is refused by every method', async (key) => {
    const refused = /Invalid storage key/
    await expect(storage.put(key, Uint8Array.of(1), 'text/plain')).rejects.toThrow(refused)
    await expect(storage.get(key)).rejects.toThrow(refused)
    await expect(storage.exists(key)).rejects.toThrow(refused)
    await expect(storage.delete(key)).rejects.toThrow(refused)
  })
})

describe('local storage on disk', () => {
  beforeAll(useLocalEnv)

  test('writes under DATA_DIR/uploads and leaves no temporary files', async () => {
    await fileStorage().put('vendors/v1/sheet.pdf', new TextEncoder().encode('%PDF-1.4'), 'application/pdf')
    const uploads = path.join(env().DATA_DIR, 'uploads')
    expect(await fs.readdir(path.join(uploads, 'vendors', 'v1'))).toEqual(['sheet.pdf'])
  })

  test('a traversing key writes nothing outside the root', async () => {
    await expect(fileStorage().put('../escaped.txt', Uint8Array.of(1), 'text/plain')).rejects.toThrow(/Invalid storage key/)
    await expect(fs.stat(path.join(env().DATA_DIR, 'escaped.txt'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  test('a key below an object, or a directory, reads as missing', async () => {
    const storage = fileStorage()
    await storage.put('nested/file', Uint8Array.of(1), 'text/plain')
    expect(await storage.get('nested/file/below')).toBeNull()
    expect(await storage.exists('nested')).toBe(false)
    expect(await storage.get('nested')).toBeNull()
  })
})

describe('fileStorage()', () => {
  afterEach(useLocalEnv)

  test('is local storage under DATA_DIR/uploads without S3_BUCKET, one instance per environment', () => {
    useLocalEnv()
    const storage = fileStorage()
    expect(storage).toBeInstanceOf(LocalFileStorage)
    expect((storage as LocalFileStorage).root).toBe(path.join(tempDir, 'data', 'uploads'))
    expect(fileStorage()).toBe(storage)
  })

  test('is S3 when S3_BUCKET is set', () => {
    useS3Env()
    const storage = fileStorage()
    expect(storage).toBeInstanceOf(S3FileStorage)
    expect((storage as S3FileStorage).bucket).toBe(bucket)
  })

  test('refuses half a pair of static S3 credentials', () => {
    useEnv({ S3_BUCKET: bucket, S3_ACCESS_KEY_ID: 'only-the-id', S3_SECRET_ACCESS_KEY: undefined })
    expect(() => fileStorage()).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/)
  })
})

describe('assertStorageKey', () => {
  test.each(['a', 'tickets/2f1c/9b7e-photo.heic', 'a.b_c-d/E.F', 'x'.repeat(512)])('accepts %j', (key) => {
    expect(assertStorageKey(key)).toBe(key)
  })

  test.each(invalidKeys)('refuses %j', (key) => {
    expect(() => assertStorageKey(key)).toThrow(/Invalid storage key/)
  })
})

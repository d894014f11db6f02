import path from 'node:path'
import { env, type Env } from '#app/env.server.ts'
import { LocalFileStorage } from './local-storage.server.ts'
import { S3FileStorage } from './s3-storage.server.ts'

export interface StoredObject {
  bytes: Uint8Array
  contentType: string
  size: number
}

/** Where uploaded files live. Keys are checked by `assertStorageKey`; callers build them (e.g. `tickets/<id>/<uuid>`). */
export interface FileStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>
  /** Null when there is no object under the key. */
  get(key: string): Promise<StoredObject | null>
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>
  exists(key: string): Promise<boolean>
}

const maxKeyLength = 512
const segmentPattern = /^[A-Za-z0-9._-]+$/

/** The key when it is `segment/segment/...` of [A-Za-z0-9._-] (no `..`, no empty segment, at most 512 characters); throws otherwise. */
export function assertStorageKey(key: string): string {
  const valid =
    typeof key === 'string' &&
    key.length > 0 &&
    key.length <= maxKeyLength &&
    !key.includes('..') &&
    key.split('/').every((segment) => segmentPattern.test(segment) && segment !== '.')
  if (!valid) throw new Error(`Invalid storage key: ${JSON.stringify(String(key).slice(0, 80))}`)
  return key
}

let cached: { env: Env; storage: FileStorage } | undefined

/** S3 when `S3_BUCKET` is set, else the local disk under `DATA_DIR/uploads`; one instance per environment. */
export function fileStorage(): FileStorage {
  const current = env()
  if (cached?.env !== current) {
    resetFileStorageForTests()
    cached = { env: current, storage: createFileStorage(current) }
  }
  return cached.storage
}

function createFileStorage(config: Env): FileStorage {
  if (!config.S3_BUCKET) return new LocalFileStorage(path.join(config.DATA_DIR, 'uploads'))
  return new S3FileStorage({
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
  })
}

/** Forgets the cached storage (closing an S3 client's sockets); the next `fileStorage()` reads the environment again. */
export function resetFileStorageForTests(): void {
  if (cached?.storage instanceof S3FileStorage) cached.storage.destroy()
  cached = undefined
}

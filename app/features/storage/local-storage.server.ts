import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { assertStorageKey, type FileStorage, type StoredObject } from './storage.server.ts'

/**
 * Files on disk: the object under key `a/b/c` is the file `<root>/a/b/c`. Its first line is a JSON header
 * (`{"contentType":"image/png"}`), the bytes follow, so one rename replaces bytes and type together.
 * Temporary files carry a `~`, which no key may contain.
 */
export class LocalFileStorage implements FileStorage {
  constructor(readonly root: string) {}

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const file = this.pathOf(key)
    await fs.mkdir(path.dirname(file), { recursive: true })
    const header = new TextEncoder().encode(`${JSON.stringify({ contentType })}\n`)
    const temp = `${file}~${randomUUID()}.tmp`
    try {
      await fs.writeFile(temp, Buffer.concat([header, bytes]), { flag: 'wx' })
      await fs.rename(temp, file)
    } catch (error) {
      await fs.rm(temp, { force: true })
      throw error
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const file = this.pathOf(key)
    let content: Buffer
    try {
      content = await fs.readFile(file)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
    const newline = content.indexOf(0x0a)
    if (newline < 0) throw new Error(`Corrupt stored file (no header): ${file}`)
    const { contentType } = JSON.parse(content.subarray(0, newline).toString('utf8')) as { contentType: string }
    const bytes = new Uint8Array(content.subarray(newline + 1))
    return { bytes, contentType, size: bytes.byteLength }
  }

  async delete(key: string): Promise<void> {
    try {
      await fs.unlink(this.pathOf(key))
    } catch (error) {
      if (!isMissing(error)) throw error
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile()
    } catch (error) {
      if (isMissing(error)) return false
      throw error
    }
  }

  private pathOf(key: string): string {
    const file = path.resolve(this.root, ...assertStorageKey(key).split('/'))
    // assertStorageKey already rules out traversal; this keeps it so should the key rules ever loosen.
    if (!file.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Storage key escapes the storage root: ${key}`)
    return file
  }
}

/** Missing file, or a path through something that is not a directory (key `a/b` when `a` is a file) or is one (EISDIR). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
}

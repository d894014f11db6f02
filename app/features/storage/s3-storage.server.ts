import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3'
import { assertStorageKey, type FileStorage, type StoredObject } from './storage.server.ts'

export interface S3StorageConfig {
  bucket: string
  /** An S3-compatible server; unset, AWS. */
  endpoint?: string
  region: string
  forcePathStyle: boolean
  /** Unset, the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string }
}

/** Objects in one S3 bucket, the key as given. */
export class S3FileStorage implements FileStorage {
  readonly bucket: string
  private readonly client: S3Client

  constructor(config: S3StorageConfig) {
    this.bucket = config.bucket
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // With the defaults (WHEN_SUPPORTED) uploads are sent aws-chunked with a trailing checksum,
      // which S3-compatible servers may store framing and all (../shared/STACK-NOTES.md, S3).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: assertStorageKey(key),
        Body: bytes,
        ContentType: contentType,
        ContentLength: bytes.byteLength,
      }),
    )
  }

  async get(key: string): Promise<StoredObject | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }))
      const bytes = response.Body ? await response.Body.transformToByteArray() : new Uint8Array()
      return { bytes, contentType: response.ContentType ?? 'application/octet-stream', size: bytes.byteLength }
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
  }

  async delete(key: string): Promise<void> {
    // S3 answers 204 for a missing key too.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }))
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: assertStorageKey(key) }))
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  /** Closes the client's sockets. */
  destroy(): void {
    this.client.destroy()
  }
}

/** NoSuchKey from GET, NotFound from HEAD (which has no body to name the error), or another 404 but a missing bucket. */
function isNotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as Partial<S3ServiceException>
  if (name === 'NoSuchBucket') return false
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404
}

import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from '@remix-run/node'
import { maxLogoBytes, sniffLogoType } from '#tenants/logo.server.ts'

export type LogoUpload =
  | { ok: true; bytes: Uint8Array; contentType: NonNullable<ReturnType<typeof sniffLogoType>> }
  | { ok: false; status: 400 | 413 | 415; message: string }

/** Reads the `logo` file of a multipart form, refusing what is too big or not an image. */
export async function readLogoUpload(request: Request): Promise<LogoUpload> {
  let form: FormData
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxLogoBytes }))
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, status: 413, message: 'The logo is larger than 256 KB.' }
    throw error
  }
  const file = form.get('logo')
  if (!(file instanceof File) || file.size === 0) return { ok: false, status: 400, message: 'Choose an image file.' }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const contentType = sniffLogoType(bytes)
  if (!contentType) return { ok: false, status: 415, message: 'The logo must be a PNG, JPEG or WebP image.' }
  return { ok: true, bytes, contentType }
}

import parseRange from 'range-parser'

/**
 * A stored file as an HTTP response, answering a single byte range with 206
 * (what video players ask for to seek) and an unsatisfiable one with 416;
 * several ranges or a malformed header get the whole file.
 */
export function fileResponse(bytes: Uint8Array, rangeHeader: string | null, headers: Record<string, string>): Response {
  const size = bytes.byteLength
  const withRanges = { ...headers, 'Accept-Ranges': 'bytes' }
  const ranges = rangeHeader ? parseRange(size, rangeHeader, { combine: true }) : null
  if (ranges === -1) return new Response(null, { status: 416, headers: { ...withRanges, 'Content-Range': `bytes */${size}` } })
  if (Array.isArray(ranges) && ranges.length === 1 && ranges.type === 'bytes') {
    const { start, end } = ranges[0]!
    return new Response(Buffer.from(bytes.subarray(start, end + 1)), {
      status: 206,
      headers: { ...withRanges, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
    })
  }
  return new Response(Buffer.from(bytes), { headers: { ...withRanges, 'Content-Length': String(size) } })
}

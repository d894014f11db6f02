/** Browser-safe: the upload limits' messages and the ticket pages' file lists. */
/** 10485760 → "10 MB", 262144 → "256 KB", 1536 → "1.5 KB" (binary units, as the limits are written). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  return `${Number(value.toFixed(1))} ${units[unit]}`
}

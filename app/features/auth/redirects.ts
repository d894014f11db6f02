/** Only same-site paths: `//evil.example` and `https://…` fall back to `fallback`. */
export function safeRedirectPath(to: string | null | undefined, fallback = '/'): string {
  if (!to || !to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  return to
}

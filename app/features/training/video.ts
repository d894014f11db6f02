/**
 * Embedded videos come from two players only, so a lesson page can frame them
 * without opening its content security policy to the whole web. YouTube plays
 * from its no-cookie domain (no tracking cookies until the learner presses play).
 */

const youtubeId = /^[A-Za-z0-9_-]{11}$/
const vimeoId = /^\d{1,12}$/

const youtubeHosts = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'www.youtube-nocookie.com', 'youtube-nocookie.com'])
const vimeoHosts = new Set(['vimeo.com', 'www.vimeo.com'])

/** The player URL for an https YouTube or Vimeo link, else null. */
export function videoEmbedUrl(input: string): string | null {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null
  const host = url.hostname.toLowerCase()
  const segments = url.pathname.split('/').filter(Boolean)

  const youtube = (id: string | null | undefined) => (id && youtubeId.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : null)
  if (host === 'youtu.be') return segments.length === 1 ? youtube(segments[0]) : null
  if (youtubeHosts.has(host)) {
    if (segments.length === 1 && segments[0] === 'watch') return youtube(url.searchParams.get('v'))
    if (segments.length === 2 && segments[0] === 'embed') return youtube(segments[1])
    return null
  }

  const vimeo = (id: string | undefined) => (id && vimeoId.test(id) ? `https://player.vimeo.com/video/${id}` : null)
  if (vimeoHosts.has(host)) return segments.length === 1 ? vimeo(segments[0]) : null
  if (host === 'player.vimeo.com') return segments.length === 2 && segments[0] === 'video' ? vimeo(segments[1]) : null
  return null
}

import { describe, expect, test } from 'vitest'
import { videoEmbedUrl } from './video.ts'

const youtube = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'
const vimeo = 'https://player.vimeo.com/video/76979871'

describe('videoEmbedUrl', () => {
  test.each([
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
    'https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ?si=abc',
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    '  https://WWW.YouTube.com/embed/dQw4w9WgXcQ  ',
    youtube,
  ])('YouTube: %s', (input) => {
    expect(videoEmbedUrl(input)).toBe(youtube)
  })

  test.each([
    'https://vimeo.com/76979871',
    'https://www.vimeo.com/76979871',
    'https://player.vimeo.com/video/76979871',
    'https://player.vimeo.com/video/76979871?autoplay=1',
  ])('Vimeo: %s', (input) => {
    expect(videoEmbedUrl(input)).toBe(vimeo)
  })

  test.each([
    '',
    'not a url',
    'http://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'http://vimeo.com/76979871',
    'https://www.youtube.com/watch',
    'https://www.youtube.com/watch?v=short',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ<script>',
    'https://youtu.be/',
    'https://youtu.be/dQw4w9WgXcQ/extra',
    'https://www.youtube.com/playlist?list=PL123',
    'https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ',
    'https://evil.example/youtu.be/dQw4w9WgXcQ',
    'https://user:pass@youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtube.com:8443/watch?v=dQw4w9WgXcQ',
    'https://vimeo.com/channels/staffpicks',
    'https://vimeo.com/abc',
    'https://player.vimeo.com/76979871',
    'javascript:alert(1)',
    'https://example.com/video.mp4',
  ])('refused: %s', (input) => {
    expect(videoEmbedUrl(input)).toBeNull()
  })
})

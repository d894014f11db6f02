import { describe, expect, test } from 'vitest'
import { renderMarkdown } from './markdown.server.ts'

describe('renderMarkdown', () => {
  test('renders headings, lists, emphasis and links', () => {
    const html = renderMarkdown('# Pitch\n\n- **Value** first\n- then [pricing](https://example.test/p)')
    expect(html).toContain('<h2>Pitch</h2>')
    expect(html).toContain('<strong>Value</strong>')
    expect(html).toContain('<a href="https://example.test/p" rel="noopener noreferrer" target="_blank">pricing</a>')
  })

  test('drops scripts, event handlers, images and javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<p onclick="x()">hi</p>')
    expect(html).not.toMatch(/script|onerror|onclick|javascript:|<img/i)
    expect(html).toContain('hi')
  })
})

import { useRef, useState } from 'react'

/**
 * A text asset (rendered Markdown) with a one-tap copy of its plain text.
 * Without clipboard access (an older browser, a page not served over https)
 * the text is selected instead, for the partner to copy by hand.
 */
export function CopyableText({ html, title }: { html: string; title: string }) {
  const body = useRef<HTMLDivElement>(null)
  const [message, setMessage] = useState('')
  const selectAll = () => {
    const element = body.current
    const selection = window.getSelection()
    if (!element || !selection) return
    const range = document.createRange()
    range.selectNodeContents(element)
    selection.removeAllRanges()
    selection.addRange(range)
    setMessage('The text is selected: copy it with your device’s Copy command.')
  }
  const copy = async () => {
    const text = body.current?.innerText.trim() ?? ''
    try {
      if (!navigator.clipboard) throw new Error('No clipboard')
      await navigator.clipboard.writeText(text)
      setMessage('Copied')
    } catch {
      selectAll()
    }
  }
  return (
    <section aria-label={`Text of ${title}`} className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" onClick={() => void copy()} className="inline-flex min-h-11 items-center rounded-md bg-brand px-4 text-sm font-semibold text-on-brand hover:underline">
          Copy text
        </button>
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      </div>
      {/* Rendered from Markdown and sanitized on the server (renderMarkdown). */}
      <div ref={body} className="lesson-body space-y-3 leading-relaxed break-words" dangerouslySetInnerHTML={{ __html: html }} />
    </section>
  )
}

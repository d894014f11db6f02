import { TZDate } from '@date-fns/tz'
import { format } from 'date-fns'

/** Dates as the server and the browser both render them (UTC), so hydration matches. */
export const formatDay = (value: string | Date) => format(new TZDate(new Date(value), 'UTC'), 'd MMM yyyy')
export const formatMoment = (value: string | Date) => `${format(new TZDate(new Date(value), 'UTC'), 'd MMM yyyy, HH:mm')} UTC`

const bodyLook = 'space-y-3 leading-relaxed break-words [&_a]:text-brand-text [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:font-semibold [&_ol]:list-decimal [&_ol]:pl-6 [&_pre]:overflow-x-auto [&_table]:block [&_table]:max-w-full [&_table]:overflow-x-auto [&_td]:border [&_td]:border-slate-200 [&_td]:p-1 [&_th]:border [&_th]:border-slate-200 [&_th]:p-1 [&_ul]:list-disc [&_ul]:pl-6'

/** The agreement's text: Markdown rendered and sanitized on the server (renderMarkdown). */
export function AgreementText({ html, label }: { html: string; label: string }) {
  return <article aria-label={label} className={bodyLook} dangerouslySetInnerHTML={{ __html: html }} />
}

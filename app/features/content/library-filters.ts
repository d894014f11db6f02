import { contentKinds, type ContentKind } from '#db/schema.ts'

/** The library's filters as the URL carries them (browser-safe: the page's form and the loader share them). */

export const updatedOptions = [
  { value: '', label: 'Any time' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
] as const

export interface LibraryFilter {
  q: string
  kind: ContentKind | null
  line: string | null
  updated: '' | '7' | '30' | '90'
  favourites: boolean
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Unknown values are ignored (a stale link shows everything rather than an error). */
export function parseLibraryFilter(params: URLSearchParams): LibraryFilter {
  const kind = params.get('kind')
  const line = params.get('line')
  const updated = params.get('updated') ?? ''
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    kind: contentKinds.find((value) => value === kind) ?? null,
    line: line && uuidPattern.test(line) ? line : null,
    updated: updatedOptions.find((option) => option.value === updated)?.value ?? '',
    favourites: params.get('show') === 'favourites',
  }
}

export function updatedSince(updated: LibraryFilter['updated'], now: Date): Date | null {
  return updated ? new Date(now.getTime() - Number(updated) * 86_400_000) : null
}

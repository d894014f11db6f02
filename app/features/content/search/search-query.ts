/**
 * What a search box's text means, the way `websearch_to_tsquery` reads it:
 * words, "quoted phrases", `-word` to exclude and `or` between alternatives,
 * with every word also matching as a prefix (search-as-you-type: "pric" finds
 * "pricing"). Parsed here rather than in SQL because websearch_to_tsquery has
 * no prefix matching.
 */
export interface ParsedSearch {
  /** Alternatives (split on `or`), each a list of required terms. */
  groups: SearchTerm[][]
  /** The words as typed, lowercased, for the typo match (pg_trgm) and Typesense. */
  words: string[]
}

export type SearchTerm =
  | { kind: 'word'; word: string; negated: boolean }
  | { kind: 'phrase'; words: string[]; negated: boolean }

const maxTerms = 12
const maxWordLength = 40

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((word) => word.slice(0, maxWordLength))
}

export function parseSearch(text: string): ParsedSearch {
  let group: SearchTerm[] = []
  const groups: SearchTerm[][] = [group]
  const words: string[] = []
  let terms = 0
  const tokens = text.normalize('NFKC').match(/-?"[^"]*"?|\S+/g) ?? []
  for (const token of tokens) {
    if (terms >= maxTerms) break
    const negated = token.startsWith('-')
    const body = negated ? token.slice(1) : token
    const quoted = body.startsWith('"')
    const parts = wordsOf(body)
    if (parts.length === 0) continue
    if (!quoted && !negated && parts.length === 1 && parts[0] === 'or') {
      if (group.length > 0) groups.push((group = []))
      continue
    }
    if (quoted && parts.length > 1) {
      group.push({ kind: 'phrase', words: parts, negated })
      terms += 1
    } else {
      // "battle-card" or "q3/2026" typed unquoted: each part is its own word, as websearch_to_tsquery reads them.
      for (const word of parts) {
        group.push({ kind: 'word', word, negated })
        terms += 1
      }
    }
    if (!negated) words.push(...parts)
  }
  return { groups: groups.filter((group) => group.some((term) => !term.negated)), words: [...new Set(words)] }
}

function lexeme(word: string): string {
  return `'${word.replace(/'/g, "''")}'`
}

/**
 * The parsed text as `to_tsquery` input: every positive word is a prefix
 * (`'pric':*`), phrases are exact (`<->`), negated terms are excluded. Words are
 * quoted lexemes, so nothing the user types is read as tsquery syntax.
 * `corrections` offers other spellings of a typed word (typos): the word or any
 * of them (`('pricng':* | 'pricing':*)`). Returns '' when nothing searchable is left.
 */
export function toTsQuery(parsed: ParsedSearch, corrections: ReadonlyMap<string, readonly string[]> = new Map()): string {
  return parsed.groups
    .map((group) =>
      group
        .map((term) => {
          const expression =
            term.kind === 'word'
              ? term.negated
                ? lexeme(term.word)
                : spellings(term.word, corrections)
              : `(${term.words.map(lexeme).join(' <-> ')})`
          return term.negated ? `!${expression}` : expression
        })
        .join(' & '),
    )
    .map((group) => (parsed.groups.length > 1 ? `(${group})` : group))
    .join(' | ')
}

function spellings(word: string, corrections: ReadonlyMap<string, readonly string[]>): string {
  const others = corrections.get(word) ?? []
  const prefixes = [word, ...others].map((spelling) => `${lexeme(spelling)}:*`)
  return prefixes.length > 1 ? `(${prefixes.join(' | ')})` : prefixes[0]!
}

/**
 * The words worth correcting (pg_trgm), each on its own so that one typo does
 * not sink a multi-word query. Numbers are left out ("2024" is not
 * a typo of "2026": a year or a model number counts only when the text has
 * it), and so are one- and two-letter words, whose trigrams match anything.
 */
export function fuzzyWords(parsed: ParsedSearch): string[] {
  return parsed.words.filter((word) => word.length >= 3 && !/^\p{N}+$/u.test(word)).slice(0, 6)
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) from one word to
 * another: the optimal string alignment distance, for judging typo corrections.
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * Edits from a typed word to a word or to the start of it, for words still
 * being typed ("batl" is one edit from "batt…", so "battle" is a correction).
 */
export function typingDistance(typed: string, word: string): number {
  let best = editDistance(typed, word)
  for (let length = Math.max(1, typed.length - 1); length <= typed.length + 1 && length < word.length; length++) {
    best = Math.min(best, editDistance(typed, word.slice(0, length)))
  }
  return best
}

/** How many edits a correction of a typed word may make: one for short words, more for long ones. */
export function allowedEdits(word: string): number {
  return word.length <= 5 ? 1 : word.length <= 9 ? 2 : 3
}

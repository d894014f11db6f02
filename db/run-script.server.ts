import { sql, type Kysely } from 'kysely'

/**
 * Runs a migration script statement by statement: PGlite's extended protocol
 * takes one command at a time. Statements end with `;` at the end of a line;
 * `$$` bodies may contain such lines.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before the schema types hold
export async function runScript(db: Kysely<any>, script: string) {
  for (const statement of splitStatements(script)) {
    await sql.raw(statement).execute(db)
  }
}

export function splitStatements(script: string): string[] {
  const statements: string[] = []
  let pending = ''
  for (const piece of script.split(/;[ \t]*(?:--[^\n]*)?\n/)) {
    pending = pending ? `${pending};\n${piece}` : piece
    const dollarQuotes = pending.split('$$').length - 1
    if (dollarQuotes % 2 === 0) {
      if (pending.replace(/--[^\n]*/g, '').trim()) statements.push(pending.trim())
      pending = ''
    }
  }
  if (pending.trim()) statements.push(pending.trim().replace(/;$/, ''))
  return statements
}

import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireCommissionReader } from '#app/features/commissions/commission-access.server.ts'
import { statementCsv } from '#app/features/commissions/statement-csv.server.ts'
import { isStatementFormat, parseStatementPeriod } from '#app/features/commissions/statement-links.ts'
import { pdfResponse, statementPdf } from '#app/features/commissions/statement-pdf.server.ts'
import { monthlyStatement } from '#app/features/commissions/statements.server.ts'
import { csvResponse } from '#app/features/csv.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'

/**
 * `/commissions/statements/2026-11/csv|pdf`: a month's commission statement.
 * The URL names no organization: the lines come from the signed-in caller's
 * tenant transaction (row-level security), so it is worth nothing without that session.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { caller, scope } = await requireCommissionReader({ request, context })
  const month = parseStatementPeriod(params.period)
  invariantResponse(month && isStatementFormat(params.format), 'No statement at this address.')
  const statement = await caller.db((db) => monthlyStatement(db, { ...scope, ...month, vendorName: caller.host.vendor.displayName }))
  return params.format === 'csv'
    ? csvResponse(`${statement.number}.csv`, statementCsv(statement))
    : pdfResponse(`${statement.number}.pdf`, await statementPdf(statement))
}

import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import { sql } from 'kysely'
import type { TenantDb } from '#db/tenant-transaction.server.ts'
import { actorOf, recordAudit } from '#app/features/audit/audit.server.ts'
import type { Caller } from '#app/features/auth/guards.server.ts'
import { invariantResponse } from '#app/features/http.server.ts'
import { isUniqueViolation } from '#tenants/tenants.server.ts'
import { answered, refused, requireFormUuid, type Change } from './console-form.server.ts'
import { ProductLineNameSchema, ProductNameSchema, type NameSchema } from './schemas.ts'

/**
 * The vendor's product catalogue: product lines and their products. The deal
 * form offers active products only; a product is deactivated, never deleted,
 * because registered deals name it.
 */

/** The two catalogue tables, as their audit entries name them. */
const catalogueTables = {
  product_lines: { type: 'product_line', label: 'product line' },
  products: { type: 'product', label: 'product' },
} as const
type CatalogueTable = keyof typeof catalogueTables

/** Every line with all its products (active or not), by name. */
export async function listCatalogue(db: TenantDb, tenantId: string) {
  const [lines, products] = await Promise.all([
    db.selectFrom('product_lines').select(['id', 'name']).where('tenant_id', '=', tenantId).orderBy('name').execute(),
    db.selectFrom('products').select(['id', 'name', 'active', 'product_line_id']).where('tenant_id', '=', tenantId).orderBy('name').execute(),
  ])
  return lines.map((line) => ({ ...line, products: products.filter((product) => product.product_line_id === line.id) }))
}

export async function getProductLine(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('product_lines').select(['id', 'name']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

export async function getProduct(db: TenantDb, tenantId: string, id: string) {
  return db.selectFrom('products').select(['id', 'name', 'active', 'product_line_id']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()
}

/** Names are unique in the database as typed; here also regardless of letter case. */
async function isNameTaken(db: TenantDb, table: CatalogueTable, tenantId: string, name: string, exceptId?: string) {
  let query = db.selectFrom(table).select('id').where('tenant_id', '=', tenantId).where(sql<boolean>`lower(name) = lower(${name})`)
  if (exceptId) query = query.where('id', '!=', exceptId)
  return Boolean(await query.executeTakeFirst())
}

export async function createProductLine(db: TenantDb, { tenantId, name, actor, ip }: Change & { name: string }) {
  const line = await db.insertInto('product_lines').values({ tenant_id: tenantId, name }).returning(['id', 'name']).executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'product_line.created', entityType: 'product_line', entityId: line.id,
    summary: `Added product line ${name}`, details: { name },
  })
  return line
}

export async function createProduct(db: TenantDb, { tenantId, line, name, actor, ip }: Change & { line: { id: string; name: string }; name: string }) {
  const product = await db.insertInto('products').values({ tenant_id: tenantId, product_line_id: line.id, name })
    .returning(['id', 'name']).executeTakeFirstOrThrow()
  await recordAudit(db, {
    tenantId, actor, ip, action: 'product.created', entityType: 'product', entityId: product.id,
    summary: `Added product ${name} to ${line.name}`, details: { name, productLineId: line.id },
  })
  return product
}

/** Renames a line or a product; false (and nothing written) when the name is what it was. */
export async function renameRow(db: TenantDb, table: CatalogueTable, { tenantId, row, name, actor, ip }: Change & { row: { id: string; name: string }; name: string }) {
  if (row.name === name) return false
  await db.updateTable(table).set({ name }).where('tenant_id', '=', tenantId).where('id', '=', row.id).execute()
  const { type, label } = catalogueTables[table]
  await recordAudit(db, {
    tenantId, actor, ip, action: `${type}.renamed`, entityType: type, entityId: row.id,
    summary: `Renamed ${label} ${row.name} to ${name}`, details: { name: [row.name, name] },
  })
  return true
}

/** False when the product already is in that state (nothing written). */
export async function setProductActive(db: TenantDb, { tenantId, productId, active, actor, ip }: Change & { productId: string; active: boolean }) {
  const product = await db.updateTable('products').set({ active })
    .where('tenant_id', '=', tenantId).where('id', '=', productId).where('active', '=', !active)
    .returning(['id', 'name']).executeTakeFirst()
  if (!product) return false
  await recordAudit(db, {
    tenantId, actor, ip, action: active ? 'product.reactivated' : 'product.deactivated', entityType: 'product', entityId: product.id,
    summary: `${active ? 'Reactivated' : 'Deactivated'} product ${product.name}`,
  })
  return true
}

interface NameChange<Target> {
  /** Which form answers (its conform id). */
  form: string
  schema: NameSchema
  /** The row the change is about; a 404 when it is missing. */
  target: (db: TenantDb) => Promise<Target | undefined>
  notFound: string
  unique: { table: CatalogueTable; exceptId?: string; message: string }
  /** Writes the change and says what happened. */
  write: (db: TenantDb, name: string, target: Target) => Promise<string>
  resetForm?: boolean
}

/**
 * Adds or renames: the name is checked (a taken name is a message on the
 * field), then written with its audit entry in one transaction. A concurrent
 * request that took the name first gets the same message, not a 500.
 */
async function changeName<Target>(caller: Caller, formData: FormData, change: NameChange<Target>) {
  const { tenantId } = caller.viewer
  let takenReply: (() => SubmissionResult<string[]>) | undefined
  return caller
    .db(async (db) => {
      const target = await change.target(db)
      invariantResponse(target, change.notFound)
      const submission = await parseWithZod(formData, {
        schema: change.schema.superRefine(async ({ name }, ctx) => {
          if (await isNameTaken(db, change.unique.table, tenantId, name, change.unique.exceptId)) {
            ctx.addIssue({ code: 'custom', path: ['name'], message: change.unique.message })
          }
        }),
        async: true,
      })
      if (submission.status !== 'success') return refused(change.form, submission.reply())
      takenReply = () => submission.reply({ fieldErrors: { name: [change.unique.message] } })
      const message = await change.write(db, submission.value.name, target)
      return answered(change.form, message, submission.reply({ resetForm: change.resetForm }))
    })
    .catch((error: unknown) => {
      if (!isUniqueViolation(error) || !takenReply) throw error
      return refused(change.form, takenReply())
    })
}

const lineTaken = 'Another product line already has this name.'
const productTaken = 'Another product already has this name.'
const noLine = 'No such product line.'
const noProduct = 'No such product.'

const renames = {
  'rename-line': { table: 'product_lines', schema: ProductLineNameSchema, find: getProductLine, notFound: noLine, taken: lineTaken },
  'rename-product': { table: 'products', schema: ProductNameSchema, find: getProduct, notFound: noProduct, taken: productTaken },
} as const

/** The catalogue page's action: one intent per form. */
export async function catalogueAction(caller: Caller, formData: FormData, ip: string | null) {
  const { tenantId } = caller.viewer
  const change = { tenantId, actor: actorOf(caller.viewer), ip }
  const intent = formData.get('intent')

  if (intent === 'add-line') {
    return changeName(caller, formData, {
      form: 'add-line', schema: ProductLineNameSchema, resetForm: true,
      target: async () => true, notFound: noLine, unique: { table: 'product_lines', message: lineTaken },
      write: async (db, name) => {
        await createProductLine(db, { ...change, name })
        return `Added product line ${name}.`
      },
    })
  }
  if (intent === 'add-product') {
    const lineId = requireFormUuid(formData, 'productLineId', noLine)
    return changeName(caller, formData, {
      form: `add-product-${lineId}`, schema: ProductNameSchema, resetForm: true,
      target: (db) => getProductLine(db, tenantId, lineId), notFound: noLine, unique: { table: 'products', message: productTaken },
      write: async (db, name, line) => {
        await createProduct(db, { ...change, line, name })
        return `Added ${name} to ${line.name}. The deal form offers it now.`
      },
    })
  }
  if (intent === 'rename-line' || intent === 'rename-product') {
    const { table, schema, find, notFound, taken } = renames[intent]
    const id = requireFormUuid(formData, 'id', notFound)
    return changeName(caller, formData, {
      form: `${intent}-${id}`, schema, target: (db) => find(db, tenantId, id), notFound, unique: { table, exceptId: id, message: taken },
      write: async (db, name, row) => ((await renameRow(db, table, { ...change, row, name })) ? `Renamed ${row.name} to ${name}.` : 'Nothing to change.'),
    })
  }
  if (intent === 'deactivate' || intent === 'reactivate') {
    const id = requireFormUuid(formData, 'id', noProduct)
    const active = intent === 'reactivate'
    return caller.db(async (db) => {
      const product = await getProduct(db, tenantId, id)
      invariantResponse(product, noProduct)
      if (!(await setProductActive(db, { ...change, productId: id, active }))) return answered(`status-${id}`, 'Nothing to change.')
      return answered(`status-${id}`, active ? `${product.name} is offered on the deal form again.` : `${product.name} is no longer offered on the deal form.`)
    })
  }
  return refused(null, null, 'Unknown action.')
}

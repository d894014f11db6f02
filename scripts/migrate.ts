import { closeDatabase, database } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'

// `npm run db:migrate`. With PGlite, stop the server first: one process per data dir.
const { db } = await database()
const applied = await migrateToLatest(db)
console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Already up to date')
await closeDatabase()

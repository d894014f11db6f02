import { closeDatabase, database } from '#db/client.server.ts'
import { describeDemo } from '#db/bootstrap.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { seedDemo } from '#db/seed/demo.server.ts'

// `npm run seed`: the demo program into an empty database (the server does this on first start).
const { db } = await database()
await migrateToLatest(db)
const hasVendor = await db.selectFrom('tenants').select('id').where('kind', '=', 'vendor').executeTakeFirst()
if (hasVendor) {
  console.log('The database already holds a program; seeding only fills an empty one.')
} else {
  console.log(describeDemo(await seedDemo(db)))
}
await closeDatabase()

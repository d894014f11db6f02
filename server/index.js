import { dev } from './mode.js'
import { createApp } from './app.js'

/**
 * Serves the portal: answers /healthz with 503 at once, migrates (and seeds
 * an empty database) through the app's bootstrap, then reports ready.
 */
const vite = dev
  ? await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
  : undefined

// A variable path keeps the type checker out of the generated build.
const serverBuildPath = '../build/server/index.js'

/** @returns {Promise<any>} */
async function loadBuild() {
  return vite
    ? vite.ssrLoadModule('virtual:remix/server-build')
    : import(serverBuildPath)
}

const build = dev ? loadBuild : await loadBuild()
const entry = dev ? (await loadBuild()).entry.module : build.entry.module

let ready = false
const app = createApp({
  build,
  dev,
  vite,
  trustProxy: process.env.TRUST_PROXY === 'true',
  getHealth: async () => (ready ? entry.databaseHealth() : { ready: false, database: 'starting' }),
})

const port = Number(process.env.PORT ?? 3000)
const server = app.listen(port, () => console.log(`Listening on http://localhost:${port}`))

try {
  const summary = await entry.bootstrap()
  ready = true
  console.log(summary)
} catch (error) {
  console.error('Start-up failed:', error)
  server.close()
  process.exit(1)
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close()
    entry.shutdown().finally(() => process.exit(0))
  })
}

import cluster from 'node:cluster'
import { dev } from './mode.js'
import { createApp } from './app.js'

/**
 * Serves the portal: answers /healthz with 503 at once, migrates (and seeds
 * an empty database) through the app's bootstrap, then reports ready.
 * With a PostgreSQL server, WEB_CONCURRENCY > 1 runs that many stateless
 * processes on one port; the first process bootstraps before forking them.
 */
const processes = Number.parseInt(process.env.WEB_CONCURRENCY ?? '1', 10) || 1

// A variable path keeps the type checker out of the generated build.
const serverBuildPath = '../build/server/index.js'

if (cluster.isPrimary && processes > 1 && !dev) {
  await superviseWorkers(processes)
} else {
  await serve({ bootstrapped: cluster.isWorker })
}

/** @param {number} count */
async function superviseWorkers(count) {
  if (!process.env.DATABASE_URL) {
    console.error('WEB_CONCURRENCY > 1 needs DATABASE_URL: an embedded PGlite data directory allows one process.')
    process.exit(1)
  }
  const { entry } = await import(serverBuildPath)
  console.log(await entry.module.bootstrap())
  await entry.module.shutdown()

  let stopping = false
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return
    console.error(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`)
    cluster.fork()
  })
  for (let i = 0; i < count; i++) cluster.fork()
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      stopping = true
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
      cluster.disconnect(() => process.exit(0))
    })
  }
}

/** @param {{ bootstrapped: boolean }} options */
async function serve({ bootstrapped }) {
  const vite = dev
    ? await import('vite').then((v) => v.createServer({ server: { middlewareMode: true } }))
    : undefined
  /** @returns {Promise<any>} */
  const loadBuild = () => (vite ? vite.ssrLoadModule('virtual:remix/server-build') : import(serverBuildPath))
  const build = dev ? loadBuild : await loadBuild()
  const entry = (dev ? await loadBuild() : build).entry.module

  let ready = bootstrapped
  const app = createApp({
    build,
    dev,
    vite,
    trustProxy: process.env.TRUST_PROXY === 'true',
    getHealth: async () => (ready ? entry.databaseHealth() : { ready: false, database: 'starting' }),
  })

  const port = Number(process.env.PORT ?? 3000)
  const server = app.listen(port, () => console.log(`Listening on http://localhost:${port}`))

  if (!bootstrapped) {
    try {
      console.log(await entry.bootstrap())
      ready = true
    } catch (error) {
      console.error('Start-up failed:', error)
      server.close()
      process.exit(1)
    }
  }
  entry.startScheduledJobs()

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      server.close()
      entry.shutdown().finally(() => process.exit(0))
    })
  }
}

import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import express from 'express'
import { createNonce, isCrossSiteRequest, securityHeaders } from './security.js'

/**
 * The HTTP server: security headers, CSRF check, health, static assets and
 * the Remix app. `build` is the Remix server build (or a loader of it in dev).
 * @param {{ build: any, getHealth: () => Promise<{ ready: boolean, database: string }>, trustProxy: boolean, dev?: boolean, vite?: any }} options
 */
export function createApp({ build, getHealth, trustProxy, dev = false, vite }) {
  const app = express()
  app.disable('x-powered-by')
  if (trustProxy) app.set('trust proxy', true)

  app.use((req, res, next) => {
    const nonce = createNonce()
    res.locals.nonce = nonce
    res.set(securityHeaders({ nonce, secure: req.secure, dev }))
    next()
  })

  app.get('/healthz', async (_req, res) => {
    const health = await getHealth().catch((error) => ({ ready: false, database: String(error?.message ?? error) }))
    res.status(health.ready ? 200 : 503).set('Cache-Control', 'no-store').json(health)
  })

  app.use((req, res, next) => {
    const crossSite = isCrossSiteRequest({
      method: req.method,
      host: req.get('host'),
      origin: req.get('origin'),
      secFetchSite: req.get('sec-fetch-site'),
    })
    if (crossSite) {
      res.status(403).type('text/plain').send('Cross-site request refused.')
      return
    }
    next()
  })

  if (vite) {
    app.use(vite.middlewares)
  } else {
    const client = path.resolve('build/client')
    const assets = express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y', index: false })
    const publicFiles = express.static(client, { maxAge: '1h', index: false })
    app.use('/assets', assets)
    // Only paths that name a file touch the disk; pages go straight to Remix.
    app.use((req, res, next) => (path.extname(req.path) ? publicFiles(req, res, next) : next()))
  }

  app.all(
    '*',
    createRequestHandler({
      build,
      mode: dev ? 'development' : 'production',
      getLoadContext: (req, res) => ({
        nonce: res.locals.nonce,
        clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
      }),
    }),
  )
  return app
}

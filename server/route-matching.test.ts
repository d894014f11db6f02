import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { AgnosticRouteObject } from '@remix-run/router'
import { describe, expect, it } from 'vitest'

// What the server loads (Remix requires the CommonJS build), not what a bundler would pick.
const require = createRequire(import.meta.url)
const routerFile = require.resolve('@remix-run/router')
const { createMemoryHistory, createRouter, matchRoutes } = require('@remix-run/router') as typeof import('@remix-run/router')

// patches/README.md: route matching keeps its ranked routes and compiled patterns.
const routes: AgnosticRouteObject[] = [{
  id: 'root',
  path: '/',
  children: [
    { id: 'home', index: true },
    { id: 'deals', path: 'deals', children: [{ id: 'deals-index', index: true }, { id: 'deal', path: ':id' }, { id: 'deal-new', path: 'new' }] },
    { id: 'files', path: 'files/*' },
    { id: 'Login', path: 'login', caseSensitive: true },
  ],
}]

const matchedIds = (path: string) => matchRoutes(routes, path)?.map((match) => match.route.id) ?? null

describe('route matching (patched @remix-run/router)', () => {
  it('is the patched build that the server loads', () => {
    expect(fs.readFileSync(routerFile, 'utf8')).toContain('function rankedBranchesOf(routes)')
  })

  it('matches as before, the same on every call', () => {
    for (let round = 0; round < 3; round++) {
      expect(matchedIds('/')).toEqual(['root', 'home'])
      expect(matchedIds('/deals')).toEqual(['root', 'deals', 'deals-index'])
      // The static segment outranks the parameter, whatever the order of the routes.
      expect(matchedIds('/deals/new')).toEqual(['root', 'deals', 'deal-new'])
      expect(matchRoutes(routes, '/deals/42')?.at(-1)?.params).toEqual({ id: '42' })
      expect(matchRoutes(routes, '/files/a/b.pdf')?.at(-1)?.params).toEqual({ '*': 'a/b.pdf' })
      expect(matchedIds('/login')).toEqual(['root', 'Login'])
      expect(matchedIds('/LOGIN')).toBeNull()
      expect(matchedIds('/nowhere')).toBeNull()
    }
  })

  it('finds routes discovered during a navigation, in the route array it already matched', async () => {
    const router = createRouter({
      routes: [{ id: 'root', path: '/', children: [{ id: 'home', index: true }] }],
      history: createMemoryHistory(),
      patchRoutesOnNavigation: ({ path, patch }) => {
        if (path === '/reports') patch('root', [{ id: 'reports', path: 'reports' }])
      },
    }).initialize()
    await router.navigate('/reports')
    expect(router.state.errors).toBeNull()
    expect(router.state.matches.map((match) => match.route.id)).toEqual(['root', 'reports'])
    router.dispose()
  })
})

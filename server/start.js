import { spawnSync } from 'node:child_process'
import fs from 'node:fs'

// `npm start` on a fresh clone: build once, then serve.
if (!fs.existsSync('build/server/index.js')) {
  console.log('No build yet: building the portal…')
  const result = spawnSync('npx', ['remix', 'vite:build'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
await import('./index.js')

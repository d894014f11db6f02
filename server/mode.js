// Imported first by server/index.js: React and Remix pick their production
// builds from NODE_ENV when they load, and `node server/index.js` sets none.
export const dev = process.argv.includes('--dev')
process.env.NODE_ENV ??= dev ? 'development' : 'production'

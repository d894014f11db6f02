/**
 * Preloaded into the server a benchmark starts (`node --import`): the
 * benchmark holds the server's stdin open, so when the benchmark process dies
 * for any reason, stdin ends and the server stops as on SIGTERM.
 */
let stopping = false
const stop = () => {
  if (stopping) return
  stopping = true
  process.kill(process.pid, 'SIGTERM')
}
process.stdin.on('data', () => {})
process.stdin.once('end', stop)
process.stdin.once('close', stop)

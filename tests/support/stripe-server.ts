import http from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local server speaking the part of Stripe's API the payouts use, as the
 * `stripe` package calls it: `POST /v1/transfers` (form-encoded, with
 * Idempotency-Key semantics: the same key answers the first response again
 * and creates nothing; different parameters with a used key are refused),
 * `GET /v1/transfers/:id` and `GET /v1/transfers?transfer_group=…`. Failures
 * can be injected for the next transfer creations.
 */

export interface Transfer {
  id: string
  object: 'transfer'
  amount: number
  amount_reversed: number
  currency: string
  destination: string
  transfer_group: string | null
  metadata: Record<string, string>
  reversed: boolean
  created: number
  livemode: false
  reversals: { object: 'list'; data: unknown[]; has_more: false; url: string }
}

export type InjectedFailure =
  /** Answered before anything is done: nothing is created, nothing is stored for the key (as Stripe does for a refused request). */
  | { kind: 'error'; status: number; type: string; code?: string; message: string }
  /**
   * The request is carried out (a transfer made, or the stored answer found)
   * and the connection drops before the answer is sent. The stripe package
   * retries a dropped connection once by itself, with the same key: inject
   * two to make the answer lost for good.
   */
  | { kind: 'drop-after-create' }

export interface StripeServer {
  url: string
  secretKey: string
  transfers: Map<string, Transfer>
  /** Transfers created per idempotency key (never more than one, if idempotency holds). */
  creations: Map<string, number>
  /** Every request received: method, path, idempotency key. */
  requests: { method: string; path: string; idempotencyKey: string | null }[]
  failNext(...failures: InjectedFailure[]): void
  /** Reverses a transfer in full (as the platform would in the Stripe dashboard). */
  reverse(id: string): Transfer
  close(): Promise<void>
}

interface Stored {
  params: string
  status: number
  body: string
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

const stripeError = (type: string, message: string, extra: Record<string, string> = {}) => JSON.stringify({ error: { type, message, ...extra } })

/** The parameters as Stripe compares them for a reused key: order does not matter. */
const canonical = (params: URLSearchParams) => JSON.stringify([...params].sort(([a], [b]) => a.localeCompare(b)))

export async function startStripeServer(secretKey = 'sk_test_payouts'): Promise<StripeServer> {
  const transfers = new Map<string, Transfer>()
  const creations = new Map<string, number>()
  const stored = new Map<string, Stored>()
  const requests: StripeServer['requests'] = []
  const failures: InjectedFailure[] = []
  let sequence = 0

  function createTransfer(params: URLSearchParams): { status: number; body: string } {
    const amount = Number(params.get('amount'))
    const currency = params.get('currency') ?? ''
    const destination = params.get('destination') ?? ''
    if (!Number.isSafeInteger(amount) || amount <= 0) return { status: 400, body: stripeError('invalid_request_error', 'Invalid positive integer', { param: 'amount' }) }
    if (!/^[a-z]{3}$/.test(currency)) return { status: 400, body: stripeError('invalid_request_error', `Invalid currency: ${currency}`, { param: 'currency' }) }
    if (!/^acct_[A-Za-z0-9]+$/.test(destination)) return { status: 400, body: stripeError('invalid_request_error', `No such destination: '${destination}'`, { param: 'destination', code: 'resource_missing' }) }
    const metadata: Record<string, string> = {}
    for (const [key, value] of params) {
      const match = /^metadata\[(.+)\]$/.exec(key)
      if (match) metadata[match[1]!] = value
    }
    const id = `tr_test${(++sequence).toString().padStart(6, '0')}`
    const transfer: Transfer = {
      id, object: 'transfer', amount, amount_reversed: 0, currency, destination, transfer_group: params.get('transfer_group'), metadata,
      reversed: false, created: Math.floor(Date.now() / 1000), livemode: false,
      reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    }
    transfers.set(id, transfer)
    return { status: 200, body: JSON.stringify(transfer) }
  }

  function createOrReplay(params: URLSearchParams, idempotencyKey: string | null): { status: number; body: string; headers?: Record<string, string> } {
    const earlier = idempotencyKey ? stored.get(idempotencyKey) : undefined
    if (earlier) {
      if (earlier.params !== canonical(params)) {
        return { status: 400, body: stripeError('idempotency_error', `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`) }
      }
      return { ...earlier, headers: { 'Idempotent-Replayed': 'true' } }
    }
    const created = createTransfer(params)
    if (idempotencyKey && created.status === 200) {
      creations.set(idempotencyKey, (creations.get(idempotencyKey) ?? 0) + 1)
      stored.set(idempotencyKey, { params: canonical(params), ...created })
    }
    return created
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://stripe.local')
    const idempotencyKey = (request.headers['idempotency-key'] as string | undefined) ?? null
    requests.push({ method: request.method ?? '', path: url.pathname, idempotencyKey })
    const body = await readBody(request)
    const send = (status: number, json: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${requests.length}`, ...headers })
      response.end(json)
    }
    if (request.headers.authorization !== `Bearer ${secretKey}`) return send(401, stripeError('invalid_request_error', 'Invalid API Key provided.'))

    if (request.method === 'POST' && url.pathname === '/v1/transfers') {
      const failure = failures.shift()
      if (failure?.kind === 'error') return send(failure.status, stripeError(failure.type, failure.message, failure.code ? { code: failure.code } : {}))
      const answer = createOrReplay(new URLSearchParams(body), idempotencyKey)
      if (failure?.kind === 'drop-after-create') {
        request.socket.destroy()
        return
      }
      return send(answer.status, answer.body, answer.headers)
    }

    if (request.method === 'GET' && url.pathname === '/v1/transfers') {
      const group = url.searchParams.get('transfer_group')
      const data = [...transfers.values()].filter((t) => group === null || t.transfer_group === group).reverse()
      return send(200, JSON.stringify({ object: 'list', data, has_more: false, url: '/v1/transfers' }))
    }

    const one = /^\/v1\/transfers\/([A-Za-z0-9_]+)$/.exec(url.pathname)
    if (request.method === 'GET' && one) {
      const transfer = transfers.get(one[1]!)
      if (!transfer) return send(404, stripeError('invalid_request_error', `No such transfer: '${one[1]}'`, { code: 'resource_missing', param: 'id' }))
      return send(200, JSON.stringify(transfer))
    }

    return send(404, stripeError('invalid_request_error', `Unrecognized request URL (${request.method}: ${url.pathname}).`))
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'application/json' })
      response.end(stripeError('api_error', String(error)))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey,
    transfers,
    creations,
    requests,
    failNext: (...next) => void failures.push(...next),
    reverse(id) {
      const transfer = transfers.get(id)
      if (!transfer) throw new Error(`No transfer ${id}`)
      Object.assign(transfer, { reversed: true, amount_reversed: transfer.amount })
      return transfer
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections()
      server.close((error) => (error ? reject(error) : resolve()))
    }),
  }
}

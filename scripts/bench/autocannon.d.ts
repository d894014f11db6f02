/** The slice of autocannon 8's API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
  }

  export interface Client extends EventEmitter {
    setRequests(requests: Request[]): void
  }

  export interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    pipelining?: number
    requests?: Request[]
    headers?: Record<string, string>
    setupClient?: (client: Client) => void
    warmup?: { connections?: number; duration?: number }
  }

  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p97_5: number
    p99: number
  }

  export interface Result {
    duration: number
    start: Date
    finish: Date
    errors: number
    timeouts: number
    mismatches: number
    resets: number
    non2xx: number
    '2xx': number
    requests: Histogram
    latency: Histogram
    throughput: Histogram
    statusCodeStats: Record<string, { count: number }>
  }

  export interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void
    on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this
    on(event: 'reqError', listener: (error: Error) => void): this
    on(event: string, listener: (...args: any[]) => void): this
  }

  function autocannon(options: Options): Instance
  export default autocannon
}

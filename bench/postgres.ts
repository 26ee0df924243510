/** scripts/postgres.js (plain JavaScript, shared with the test script), typed. */
export interface Postgres {
  host: string
  port: number
  user: string
  password: string
  stop(): Promise<void>
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startPostgres, freePort } = require("../scripts/postgres") as {
  startPostgres(options: { dataDir: string; port?: number; reset?: boolean; flags?: string[] }): Promise<Postgres>
  freePort(): Promise<number>
}

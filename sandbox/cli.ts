/**
 * `medusa-toss-sandbox`: the sandbox as a process, for a store's own
 * storefront development, integration tests and CI (docs/sandbox.md).
 *
 *   medusa-toss-sandbox --port 9010 --webhook-url http://localhost:9000/hooks/payment/toss_toss
 *
 * Prints its URL, serves until SIGINT or SIGTERM. The test controls
 * (authenticate, deposit, faults, the request log…) are under `/sandbox/`.
 */
import { parseArgs } from "node:util"
import { startTossSandbox } from "./index"

const USAGE = `Usage: medusa-toss-sandbox [--port 9010] [--host 127.0.0.1] [--webhook-url URL]... [--no-webhooks]
  --port          port to listen on (0: a free one); default 9010
  --host          address to listen on; default 127.0.0.1
  --webhook-url   where Toss's webhooks go (repeat it: one delivery per URL, in turn)
  --no-webhooks   send no webhooks at all
The key pairs published in Toss's documentation are accepted (test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq /
test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R, and the widget pair); test controls are under /sandbox/.`

async function main(): Promise<void> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: "string", default: "9010" },
        host: { type: "string", default: "127.0.0.1" },
        "webhook-url": { type: "string", multiple: true },
        "no-webhooks": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }))
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(2)
  }
  if (values.help) {
    console.log(USAGE)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number (0 to 65535), not "${values.port}".\n${USAGE}`)
    process.exit(2)
  }
  const urls = values["webhook-url"] ?? []
  const sandbox = await startTossSandbox({
    port,
    host: values.host,
    webhookUrl: urls.length > 1 ? urls : urls[0] ?? null,
    webhooks: !values["no-webhooks"],
  })
  console.log(`Toss sandbox listening on ${sandbox.url}`)
  const stop = () => {
    sandbox.close().then(() => process.exit(0))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})

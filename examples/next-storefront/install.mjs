#!/usr/bin/env node
/**
 * `npm run example:install` (from the repository root, after `npm run build`):
 * installs this storefront the way a shop installs the published package,
 * from `npm pack` output (medusa-payment-toss.tgz here), with `npm ci`.
 *
 * The lock file holds no integrity for the tarball on purpose: the tarball
 * changes with every build, and with an integrity npm would install the copy
 * its cache holds under it instead. `npm install` in this folder writes one
 * again; this script takes it out.
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, "../..")
const TARBALL = "medusa-payment-toss.tgz"

if (
  !fs.existsSync(path.join(ROOT, "dist", "storefront", "index.mjs")) ||
  !fs.existsSync(path.join(ROOT, ".medusa", "server"))
) {
  console.error(
    "The package is not built: run `npm run build` in the repository root first."
  )
  process.exit(1)
}

const packed = execFileSync(
  "npm",
  ["pack", "--silent", "--pack-destination", HERE],
  { cwd: ROOT, encoding: "utf8" }
)
  .trim()
  .split("\n")
  .pop()
fs.renameSync(path.join(HERE, packed), path.join(HERE, TARBALL))

const lockFile = path.join(HERE, "package-lock.json")
const lock = JSON.parse(fs.readFileSync(lockFile, "utf8"))
const entry = lock.packages["node_modules/medusa-payment-toss"]
if (entry.integrity) {
  delete entry.integrity
  fs.writeFileSync(lockFile, JSON.stringify(lock, null, 2) + "\n")
}

execFileSync("npm", ["ci", "--no-audit", "--no-fund"], {
  cwd: HERE,
  stdio: "inherit",
})

#!/usr/bin/env node
/**
 * Builds the sandbox as the package ships it (`medusa-payment-toss/sandbox`,
 * Toss's and PortOne's (`startPortOneSandbox`), and the `medusa-toss-sandbox`
 * bin) into dist/sandbox: index.js (CommonJS,
 * no runtime dependencies: esbuild only from source), cli.js, the prebuilt browser SDK script
 * (sdk-standard.js, so a store needs no esbuild) and declarations under
 * types/.
 */
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const OUT = path.join(ROOT, "dist", "sandbox")
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc")

fs.rmSync(OUT, { recursive: true, force: true })
const node = { bundle: true, platform: "node", target: "node20", format: "cjs", logLevel: "warning", external: ["esbuild"] }
await build({ ...node, entryPoints: [path.join(ROOT, "sandbox", "index.ts")], outfile: path.join(OUT, "index.js") })
await build({
  ...node,
  entryPoints: [path.join(ROOT, "sandbox", "cli.ts")],
  outfile: path.join(OUT, "cli.js"),
  banner: { js: "#!/usr/bin/env node" },
  // The CLI uses the same bundle as the export, not a copy of it.
  plugins: [{ name: "index", setup: (build) => build.onResolve({ filter: /^\.\/index$/ }, () => ({ path: "./index.js", external: true })) }],
})
await build({
  entryPoints: [path.join(ROOT, "sandbox", "sdk", "standard.ts")],
  outfile: path.join(OUT, "sdk-standard.js"),
  bundle: true,
  format: "iife",
  target: "es2017",
  platform: "browser",
  logLevel: "warning",
})
fs.chmodSync(path.join(OUT, "cli.js"), 0o755)

const tsc = spawnSync(
  process.execPath,
  [
    TSC,
    "--declaration",
    "--emitDeclarationOnly",
    "--strict",
    "--skipLibCheck",
    "--esModuleInterop",
    "--target", "es2021",
    "--module", "node16",
    "--moduleResolution", "node16",
    "--rootDir", ROOT,
    "--outDir", path.join(OUT, "types"),
    path.join(ROOT, "sandbox", "index.ts"),
  ],
  { cwd: ROOT, encoding: "utf8" }
)
if (tsc.status !== 0) {
  console.error(tsc.stdout + tsc.stderr)
  process.exit(1)
}
const size = fs.readdirSync(OUT).reduce((sum, name) => sum + (fs.statSync(path.join(OUT, name)).isFile() ? fs.statSync(path.join(OUT, name)).size : 0), 0)
console.log(`dist/sandbox: ${(size / 1024).toFixed(0)} KB (index.js, cli.js, sdk-standard.js) + types`)

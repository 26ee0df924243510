// Builds the storefront module into dist/storefront: minified ESM + CJS for
// `medusa-payment-toss/storefront`, `/storefront/react`, `/storefront/orders`
// and `/storefront/portone`, with declarations for each (.d.mts beside .mjs,
// .d.ts beside .js).
// Toss's and PortOne's loaders, React and the js-sdk stay external: the app has them.
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { gzipSync } from "node:zlib"
import * as esbuild from "esbuild"

const here = dirname(fileURLToPath(import.meta.url))
const outdir = join(here, "../dist/storefront")
const external = ["@tosspayments/tosspayments-sdk", "@portone/browser-sdk", "react", "@medusajs/js-sdk"]
// The entry must stay small for storefronts (minified + gzipped, without
// Toss's loader). About half of it is the shopper-facing texts, in Korean
// and English (fail-codes.ts); the window options of every Toss method
// (tax-free, escrow, cash receipts, installments) are most of the rest. The
// DTC recipe's helpers (method names, a virtual account's bank and deposit
// texts) take the last KB; a bundler drops whichever a page does not import.
const SIZE_BUDGET = 8 * 1024

const formats = [
  { format: "esm", ext: ".mjs" },
  { format: "cjs", ext: ".js" },
]

/** react.ts imports "./index", "./orders" and "./portone": point them at the built entries instead of bundling second copies. */
function sharedEntry(ext) {
  return {
    name: "shared-entry",
    setup(build) {
      build.onResolve({ filter: /^\.\/(index|orders|portone)$/ }, ({ path }) => ({ path: `${path}${ext}`, external: true }))
    },
  }
}

/** The PortOne entry shares customer.ts, whose Toss-only part imports Toss's loader: drop that import where unused. */
const tossLoaderUnlessUsed = {
  name: "toss-loader-unless-used",
  setup(build) {
    build.onResolve({ filter: /^@tosspayments\/tosspayments-sdk$/ }, ({ path }) => ({ path, external: true, sideEffects: false }))
  },
}

export async function buildStorefrontModule() {
  for (const { format, ext } of formats) {
    const common = { bundle: true, minify: true, format, target: "es2020", platform: "browser", external }
    await esbuild.build({ ...common, entryPoints: [join(here, "index.ts")], outfile: join(outdir, `index${ext}`) })
    // Paying an order's balance, for the storefronts that offer it.
    await esbuild.build({ ...common, entryPoints: [join(here, "orders.ts")], outfile: join(outdir, `orders${ext}`), plugins: [sharedEntry(ext)] })
    // The PortOne road: its own entry, so a Toss storefront never loads PortOne's loader (and the reverse).
    await esbuild.build({ ...common, entryPoints: [join(here, "portone.ts")], outfile: join(outdir, `portone${ext}`), plugins: [tossLoaderUnlessUsed] })
    await esbuild.build({
      ...common,
      entryPoints: [join(here, "react.ts")],
      outfile: join(outdir, `react${ext}`),
      plugins: [sharedEntry(ext)],
      // Lets Next.js server components import the bindings.
      banner: { js: '"use client";' },
    })
  }

  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")
  execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json")], { stdio: "inherit" })
  writeEsmDeclarations()

  return reportSizes()
}

/**
 * The package has no "type", so TypeScript reads .d.ts files as CommonJS.
 * ESM importers (`moduleResolution` node16/nodenext/bundler) get .d.mts
 * copies whose relative imports name the .mjs files, as an ES module must.
 */
function writeEsmDeclarations() {
  for (const file of readdirSync(outdir).filter((name) => name.endsWith(".d.ts"))) {
    const cjs = readFileSync(join(outdir, file), "utf8")
    const esm = cjs.replace(/((?:from|import\()\s*)(["'])(\.\/[^"']+)\2/g, "$1$2$3.mjs$2")
    writeFileSync(join(outdir, file.replace(/\.d\.ts$/, ".d.mts")), esm)
  }
}

async function reportSizes() {
  const entry = gzipSync(readFileSync(join(outdir, "index.mjs"))).length
  const withLoader = await esbuild.build({
    entryPoints: [join(here, "index.ts")],
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    external: ["@medusajs/js-sdk"],
    write: false,
  })
  const entryWithLoader = gzipSync(withLoader.outputFiles[0].contents).length
  const react = gzipSync(readFileSync(join(outdir, "react.mjs"))).length
  const orders = gzipSync(readFileSync(join(outdir, "orders.mjs"))).length
  const portone = gzipSync(readFileSync(join(outdir, "portone.mjs"))).length
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
  console.log(`storefront entry (min+gzip): ${kb(entry)} of ${kb(SIZE_BUDGET)} budget`)
  console.log(`storefront entry with Toss's loader: ${kb(entryWithLoader)}`)
  console.log(`storefront/react (min+gzip): ${kb(react)}`)
  console.log(`storefront/orders (min+gzip): ${kb(orders)}`)
  console.log(`storefront/portone (min+gzip): ${kb(portone)} of ${kb(SIZE_BUDGET)} budget`)
  for (const [file, size] of [["index.mjs", entry], ["portone.mjs", portone]]) {
    if (size > SIZE_BUDGET) {
      throw new Error(`dist/storefront/${file} is ${kb(size)} gzipped, over the ${kb(SIZE_BUDGET)} budget`)
    }
  }
  return { entry, entryWithLoader, react, portone }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildStorefrontModule()
}

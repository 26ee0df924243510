// Builds the demo shop into demo/storefront/dist: app.js (the TypeScript
// bundled with the storefront module, js-sdk and Toss's loader), index.html
// and styles.css. The demo runner serves dist, /config.js, and index.html for
// every other path.
import { copyFile, mkdir } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import * as esbuild from "esbuild"

const here = dirname(fileURLToPath(import.meta.url))

export async function buildStorefront({ outdir = join(here, "dist") } = {}) {
  await mkdir(outdir, { recursive: true })
  await esbuild.build({
    entryPoints: [join(here, "src/main.ts")],
    outfile: join(outdir, "app.js"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    sourcemap: true,
    logLevel: "warning",
  })
  await Promise.all(["index.html", "styles.css"].map((file) => copyFile(join(here, file), join(outdir, file))))
  return outdir
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`demo storefront built into ${await buildStorefront()}`)
}

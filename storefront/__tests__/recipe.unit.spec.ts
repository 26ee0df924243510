/**
 * The DTC starter recipe, storefront/recipe/dtc-starter.patch: it applies with
 * `git apply` to the starter's own files at the pinned commit (kept in
 * examples/next-storefront/dtc-starter), storefront/README.md shows it as it
 * is, and the example storefront (whose browser tests walk it) runs its code:
 * every file it adds is the example's, every line it adds is in the example's
 * file.
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { PATCH, README, readmeWithRecipe, recipeDiff } from "../recipe/update-readme"

const ROOT = path.resolve(__dirname, "../..")
const EXAMPLE = path.join(ROOT, "examples", "next-storefront")
const STARTER_COPY = path.join(EXAMPLE, "dtc-starter")
const STOREFRONT = "apps/storefront/"

const patch = fs.readFileSync(PATCH, "utf8")

interface FileDiff {
  file: string
  created: boolean
  /** The blob ids (abbreviated) of the file before and after, as `git diff` wrote them from the starter. */
  before: string
  after: string
  lines: string[]
}

function fileDiffs(): FileDiff[] {
  return recipeDiff(patch)
    .split(/^(?=diff --git )/m)
    .map((chunk) => {
      const lines = chunk.replace(/\n$/, "").split("\n")
      const [, before, after] = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/m.exec(chunk)!
      return {
        file: /^\+\+\+ b\/(.+)$/m.exec(chunk)![1],
        created: /^new file mode/m.test(chunk),
        before,
        after,
        lines: lines.slice(lines.findIndex((line) => line.startsWith("@@"))),
      }
    })
}

const blobId = (file: string) => execFileSync("git", ["hash-object", file], { encoding: "utf8" }).trim()
const exampleFile = (file: string) => path.join(EXAMPLE, file.slice(STOREFRONT.length))
const trimmedLines = (file: string) => fs.readFileSync(file, "utf8").split("\n").map((line) => line.trim())
const importFrom = (line: string) => /^import .* from ("[^"]+")$/.exec(line)?.[1]
const importedNames = (line: string) => new Set(/\{([^}]*)\}/.exec(line)?.[1].split(",").map((name) => name.trim()) ?? [])

/** A diff's added lines (trimmed), each with the import it replaces (a removed import of the same module), if any. */
function changes(lines: string[]): { added: string; replaced?: string }[] {
  const result: { added: string; replaced?: string }[] = []
  let removed: string[] = []
  for (const line of lines) {
    if (line.startsWith("-")) {
      removed.push(line.slice(1).trim())
    } else if (line.startsWith("+")) {
      const added = line.slice(1).trim()
      const index = removed.findIndex((old) => importFrom(added) !== undefined && importFrom(old) === importFrom(added))
      result.push({ added, replaced: index >= 0 ? removed.splice(index, 1)[0] : undefined })
    } else {
      removed = []
    }
  }
  return result
}

describe("the DTC starter recipe (storefront/recipe/dtc-starter.patch)", () => {
  const diffs = fileDiffs()
  let applied: string

  beforeAll(() => {
    applied = fs.mkdtempSync(path.join(os.tmpdir(), "dtc-starter-"))
    fs.cpSync(STARTER_COPY, applied, { recursive: true })
  })
  afterAll(() => fs.rmSync(applied, { recursive: true, force: true }))

  it("is made against the starter's own files, kept unchanged in the example", () => {
    for (const diff of diffs.filter((d) => !d.created)) {
      expect({ file: diff.file, blob: blobId(path.join(STARTER_COPY, diff.file)) }).toEqual({
        file: diff.file,
        blob: expect.stringMatching(new RegExp(`^${diff.before}`)),
      })
    }
  })

  it("applies with git apply, from the starter's root, to exactly the files it was made from", () => {
    execFileSync("git", ["apply", PATCH], { cwd: applied, stdio: "pipe" })

    for (const diff of diffs) {
      expect({ file: diff.file, blob: blobId(path.join(applied, diff.file)) }).toEqual({
        file: diff.file,
        blob: expect.stringMatching(new RegExp(`^${diff.after}`)),
      })
    }
  })

  it("changes the payment step, the Place order button, the order confirmation and adds Toss's success and fail URLs", () => {
    expect(diffs.map((diff) => diff.file.slice(STOREFRONT.length))).toEqual([
      "src/app/[countryCode]/(checkout)/checkout/toss/fail/page.tsx",
      "src/app/[countryCode]/(checkout)/checkout/toss/success/route.ts",
      "src/app/[countryCode]/(main)/order/[id]/confirmed/page.tsx",
      "src/lib/constants.tsx",
      "src/lib/data/orders.ts",
      "src/modules/checkout/components/payment-button/index.tsx",
      "src/modules/checkout/components/payment/index.tsx",
      "src/modules/order/templates/order-completed-template.tsx",
    ])
  })

  it("is shown in storefront/README.md as it is, with the count of lines it changes (at most 120)", () => {
    const readme = fs.readFileSync(README, "utf8")
    const changed = diffs.reduce((sum, diff) => sum + diff.lines.filter((line) => line.startsWith("+")).length, 0)

    expect(readme).toBe(readmeWithRecipe(readme, patch))
    expect(readme).toContain(`**${changed} changed lines in ${diffs.length} files**`)
    expect(changed).toBeLessThanOrEqual(120)
  })

  it("adds the files the example storefront has, character for character", () => {
    for (const diff of diffs.filter((d) => d.created)) {
      expect({ file: diff.file, text: fs.readFileSync(exampleFile(diff.file), "utf8") }).toEqual({
        file: diff.file,
        text: diff.lines.slice(1).map((line) => line.slice(1)).join("\n") + "\n",
      })
    }
  })

  it("adds to the starter's files only lines the example's files have (a changed import: its new names)", () => {
    for (const diff of diffs.filter((d) => !d.created)) {
      const example = trimmedLines(exampleFile(diff.file))
      for (const { added, replaced } of changes(diff.lines)) {
        const from = importFrom(added)
        if (replaced !== undefined && from) {
          const newNames = [...importedNames(added)].filter((name) => !importedNames(replaced).has(name))
          const exampleImport = example.find((line) => importFrom(line) === from) ?? ""
          expect({ file: diff.file, added, names: [...importedNames(exampleImport)] }).toEqual({
            file: diff.file,
            added,
            names: expect.arrayContaining(newNames),
          })
        } else {
          expect({ file: diff.file, added, inExample: example.includes(added) }).toEqual({ file: diff.file, added, inExample: true })
        }
      }
    }
  })
})

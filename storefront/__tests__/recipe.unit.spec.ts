/**
 * The DTC starter recipe in storefront/README.md is what the example
 * storefront runs (its browser tests walk it): every file the recipe adds is
 * the example's file, every line its diffs add is in the example's file, and
 * the line count it states is the count of those lines.
 */
import fs from "node:fs"
import path from "node:path"

const ROOT = path.resolve(__dirname, "../..")
const EXAMPLE = path.join(ROOT, "examples", "next-storefront")
const README = fs.readFileSync(path.join(ROOT, "storefront", "README.md"), "utf8")

interface Step {
  file: string
  kind: "diff" | "file"
  lines: string[]
}

/** The numbered steps of the recipe: a bold file path, then (maybe) one code block, indented under the list item. */
function recipeSteps(): Step[] {
  const section = README.slice(README.indexOf("## Medusa DTC starter"), README.indexOf("## The example storefront"))
  const steps: Step[] = []
  const pattern = /^\d+\. \*\*`([^`]+)`\*\*[\s\S]*?(?:\n {3}```(diff|tsx?)\n([\s\S]*?)\n {3}```|(?=\n\d+\. |\nNotes:))/gm
  for (const match of section.matchAll(pattern)) {
    const [, file, language, body] = match
    if (!language) continue
    const lines = body.split("\n").map((line) => line.replace(/^ {3}/, ""))
    steps.push({ file, kind: language === "diff" ? "diff" : "file", lines })
  }
  return steps
}

function exampleLines(file: string): string[] {
  return fs.readFileSync(path.join(EXAMPLE, file), "utf8").replace(/\n$/, "").split("\n")
}

const importFrom = (line: string) => /^import .* from ("[^"]+")$/.exec(line)?.[1]

/** A diff's added lines, each with the import it replaces (a removed import of the same module), if any. */
function changes(lines: string[]): { added: string; replaced?: string }[] {
  const result: { added: string; replaced?: string }[] = []
  let removed: string[] = []
  for (const line of lines) {
    if (line.startsWith("-")) {
      removed.push(line.slice(1))
    } else if (line.startsWith("+")) {
      const added = line.slice(1)
      const index = removed.findIndex((old) => importFrom(added) !== undefined && importFrom(old) === importFrom(added))
      result.push({ added, replaced: index >= 0 ? removed.splice(index, 1)[0] : undefined })
    } else {
      removed = []
    }
  }
  return result
}
const importedNames = (line: string) => new Set(/\{([^}]*)\}/.exec(line)?.[1].split(",").map((name) => name.trim()) ?? [])

describe("the DTC starter recipe in storefront/README.md", () => {
  const steps = recipeSteps()

  it("changes the five source files of the example", () => {
    expect(steps.map((step) => step.file)).toEqual([
      "src/lib/constants.tsx",
      "src/modules/checkout/components/payment/index.tsx",
      "src/modules/checkout/components/payment-button/index.tsx",
      "src/app/[countryCode]/(checkout)/checkout/toss/success/route.ts",
      "src/app/[countryCode]/(checkout)/checkout/toss/fail/page.tsx",
    ])
  })

  it.each(steps.filter((step) => step.kind === "file").map((step) => [step.file, step]))(
    "adds %s exactly as the example has it",
    (_, step) => {
      expect(step.lines).toEqual(exampleLines(step.file))
    }
  )

  it.each(steps.filter((step) => step.kind === "diff").map((step) => [step.file, step]))(
    "adds to %s only lines the example has (a changed import: its new names)",
    (_, step) => {
      const example = exampleLines(step.file)
      for (const { added, replaced } of changes(step.lines)) {
        const from = importFrom(added)
        if (replaced !== undefined && from && importFrom(replaced) === from) {
          const newNames = [...importedNames(added)].filter((name) => !importedNames(replaced).has(name))
          const exampleImport = example.find((line) => importFrom(line) === from)
          expect({ added, names: [...importedNames(exampleImport ?? "")] }).toEqual({ added, names: expect.arrayContaining(newNames) })
        } else {
          expect({ added, inExample: example.includes(added) }).toEqual({ added, inExample: true })
        }
      }
    }
  )

  it("states how many lines it changes: the package.json dependency, the diffs' added lines, the new files", () => {
    const count = steps.reduce(
      (sum, step) => sum + (step.kind === "file" ? step.lines.length : changes(step.lines).length),
      1
    )
    expect(README).toContain(`**${count} changed lines in 6 files**`)
    expect(count).toBeLessThan(80)
  })
})

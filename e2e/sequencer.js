// The files share one demo store (global-setup.ts), so they run in a fixed
// order: the shopper's checkout first, on the fresh store its admin test
// lists; then saved cards, payments after the order, the operator's desk, and
// the PortOne road.
const Sequencer = require("@jest/test-sequencer").default

const ORDER = ["checkout", "billing", "after-order", "operator", "portone"]
const rank = (test) => {
  const index = ORDER.findIndex((name) => test.path.endsWith(`${name}.e2e.ts`))
  return index === -1 ? ORDER.length : index
}

module.exports = class E2ESequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path))
  }
}

import { runTossReconciliation } from "../toss-reconcile"

jest.mock("../../workflows/reconcile-toss-payments", () => ({
  reconcileTossPaymentsWorkflow: () => ({
    run: async () => ({ result: { ran: true, ledgerFailed: false, ledgerRows: 0, portOneEvents: 0, portOneEventsFailed: false, flagged: 0, checked: 0, outcomes: {} } }),
  }),
}))

// Every sync of a payment with an open item fails (a give-back Toss keeps refusing throws out of the sync).
jest.mock("../../workflows/sync-toss-payment", () => ({
  syncTossPaymentWorkflow: () => ({
    run: async () => {
      throw new Error("Toss refused the cancel")
    },
  }),
}))

interface Item {
  id: string
  payment_session_id: string
  checked_at: Date
  resolved_at: Date | null
}

/** The plugin's module as the job uses it, over rows in memory. */
function fakeModule(items: Item[]) {
  return {
    listTossTrackedPayments: async () => [],
    listTossOperatorItems: async (filter: { resolved_at?: null; payment_session_id?: string }, config: { take?: number } = {}) =>
      items
        .filter((item) => item.resolved_at === null && (!filter.payment_session_id || item.payment_session_id === filter.payment_session_id))
        .sort((a, b) => a.checked_at.getTime() - b.checked_at.getTime())
        .slice(0, config.take ?? items.length)
        .map((item) => ({ ...item })),
    updateTossOperatorItems: async (updates: { id: string; checked_at?: Date }[] | { id: string; checked_at?: Date }) => {
      for (const update of [updates].flat()) {
        Object.assign(items.find((item) => item.id === update.id)!, update)
      }
      return []
    },
    createTossReconcileRuns: async () => ({}),
    deleteTossReconcileRuns: async () => undefined,
    deleteTossWebhookDeliveries: async () => undefined,
  }
}

describe("runTossReconciliation: payments with an open operator item", () => {
  it("moves on to the others when the syncs of the longest-unseen ones fail", async () => {
    const start = Date.now() - 60 * 60_000
    const items: Item[] = Array.from({ length: 25 }, (_, index) => ({
      id: `item_${index}`,
      payment_session_id: `payses_${index}`,
      checked_at: new Date(start + index * 1000),
      resolved_at: null,
    }))
    const module = fakeModule(items)
    const container = {
      resolve: (key: string) => (key === "logger" ? { warn: () => undefined, error: () => undefined, debug: () => undefined } : module),
    }

    const first = await runTossReconciliation(container as never)
    const second = await runTossReconciliation(container as never)

    expect(Object.keys(first.outcomes)).toHaveLength(20)
    // The five not looked at in the first run come first in the second.
    expect(Object.keys(second.outcomes)).toEqual(expect.arrayContaining(["payses_20", "payses_21", "payses_22", "payses_23", "payses_24"]))
  })
})

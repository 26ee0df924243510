import type { TossPayment } from "../../../toss/types"
import type { SavedCardsContext } from "../billing"
import { heldAnswer, tossCallContext, withTossCallContext } from "../call-context"

describe("the Toss call context", () => {
  const answer = { paymentKey: "tgen_answer" } as TossPayment

  it("is empty for a call the plugin did not make", () => {
    expect(tossCallContext()).toEqual({})
    expect(heldAnswer("tgen_answer")).toBeUndefined()
  })

  it("keeps what an enclosing call gave, each part replaced only by a call that names it", async () => {
    const seen = await withTossCallContext({ refund: { cancelReason: "operator's note" } }, () =>
      withTossCallContext({ answer }, async () => [
        tossCallContext(),
        await withTossCallContext({ refund: { recordCancels: [] } }, async () => tossCallContext()),
      ])
    )

    expect(seen).toEqual([
      { refund: { cancelReason: "operator's note" }, answer },
      { refund: { recordCancels: [] }, answer },
    ])
  })

  it("hands the caller back what the provider writes into its saved-card part", async () => {
    const savedCards: SavedCardsContext = {}
    await withTossCallContext({ savedCards }, () =>
      withTossCallContext({ answer }, async () => {
        tossCallContext().savedCards!.refusal = "refused"
      })
    )

    expect(savedCards).toEqual({ refusal: "refused" })
  })

  it("lends an answer only for its own payment", async () => {
    await withTossCallContext({ answer }, async () => {
      expect(heldAnswer("tgen_answer")).toBe(answer)
      expect(heldAnswer("tgen_other")).toBeUndefined()
      expect(heldAnswer(null)).toBeUndefined()
    })
  })
})

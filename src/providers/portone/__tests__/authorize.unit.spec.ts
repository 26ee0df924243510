import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { PortOneApiError } from "../../../portone/errors"
import type { Payment } from "../../../portone/types"
import { authorization, PORTONE_FAILED, PORTONE_MISMATCH, PORTONE_NOT_PAID, PORTONE_OUTCOME_UNKNOWN } from "../authorize"

const payment = { status: "PAID" } as unknown as Payment

function refusal(run: () => unknown): { type: string; code: string } {
  try {
    run()
  } catch (error) {
    return error as { type: string; code: string }
  }
  throw new Error("not refused")
}

describe("authorization", () => {
  it("captures a paid payment and leaves a virtual account pending its deposit", () => {
    expect(authorization({ outcome: "paid", payment })).toEqual({ status: PaymentSessionStatus.CAPTURED })
    expect(authorization({ outcome: "waiting-for-deposit", payment })).toEqual({ status: PaymentSessionStatus.PENDING_AUTHORIZATION })
  })

  it("refuses with a code that tells a certain refusal from an undecided one", () => {
    const cases: [Parameters<typeof authorization>[0], string][] = [
      [{ outcome: "failed", payment, reason: "카드 한도 초과" }, PORTONE_FAILED],
      [{ outcome: "mismatch", payment, mismatches: [], givenBack: true }, PORTONE_MISMATCH],
      [{ outcome: "mismatch", payment, mismatches: [], givenBack: false }, PORTONE_OUTCOME_UNKNOWN],
      [{ outcome: "pending", payment: null }, PORTONE_NOT_PAID],
      [{ outcome: "pending", payment }, PORTONE_OUTCOME_UNKNOWN],
      [{ outcome: "unknown", error: new PortOneApiError("TIMEOUT", "late", 0) }, PORTONE_OUTCOME_UNKNOWN],
      [{ outcome: "refused", type: "INFORMATION_MISMATCH", message: "결제 정보가 일치하지 않습니다." }, "INFORMATION_MISMATCH"],
    ]
    for (const [settlement, code] of cases) {
      // The cart route answers these as {type: "cart", error} and leaves the cart open.
      expect(refusal(() => authorization(settlement))).toMatchObject({ type: "payment_authorization_error", code })
    }
  })
})

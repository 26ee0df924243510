import { TossPayment } from ".."
import { KST_TIME, useSandbox } from "./helpers"

describe("Toss sandbox: virtual accounts", () => {
  const { state, confirmedPayment } = useSandbox()

  describe("virtual accounts", () => {
    const refundAccount = { bank: "88", accountNumber: "110123456789", holderName: "김토스" }

    async function waitingAccount(): Promise<TossPayment> {
      const payment = await confirmedPayment({ method: "VIRTUAL_ACCOUNT", customerName: "김토스" })
      expect(payment).toMatchObject({
        status: "WAITING_FOR_DEPOSIT",
        method: "가상계좌",
        approvedAt: null,
        virtualAccount: {
          accountType: "일반",
          bankCode: "20",
          customerName: "김토스",
          depositorName: null,
          refundStatus: "NONE",
          expired: false,
          settlementStatus: "INCOMPLETED",
          refundReceiveAccount: null,
        },
      })
      expect(payment.secret).toMatch(/^ps_[A-Za-z0-9]{27}$/)
      expect(payment.virtualAccount!.dueDate).toMatch(KST_TIME)
      return payment
    }

    it("waits for the deposit, then becomes DONE", async () => {
      const payment = await waitingAccount()
      const deposited = state.toss.deposit(payment.orderId)
      expect(deposited).toMatchObject({ status: "DONE", virtualAccount: { depositorName: "김토스" } })
      expect(deposited.approvedAt).toMatch(KST_TIME)
      expect(state.toss.depositError(payment.paymentKey)).toMatchObject({ status: "WAITING_FOR_DEPOSIT", approvedAt: null })
    })

    it("allows only a full cancel before the deposit", async () => {
      const payment = await waitingAccount()
      const cancel = (body: unknown) => state.api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body })
      expect((await cancel({ cancelReason: "x", cancelAmount: 1 })).body.code).toBe("NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT")
      expect((await cancel({ cancelReason: "x" })).body.status).toBe("CANCELED")
    })

    it("refunds a deposited account only to a valid refund account", async () => {
      const payment = await waitingAccount()
      state.toss.deposit(payment.paymentKey)
      const cancel = (body: object) =>
        state.api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "환불", ...body } })

      expect((await cancel({})).body.code).toBe("INVALID_REFUND_ACCOUNT_INFO")
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, bank: "99" } })).body.code).toBe("INVALID_BANK")
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, accountNumber: "12-34" } })).body.code).toBe(
        "INVALID_REFUND_ACCOUNT_NUMBER"
      )
      expect((await cancel({ refundReceiveAccount: { ...refundAccount, holderName: "" } })).body.code).toBe(
        "INVALID_REFUND_ACCOUNT_INFO"
      )
      const { body } = await cancel({ refundReceiveAccount: refundAccount })
      expect(body).toMatchObject({
        status: "CANCELED",
        virtualAccount: {
          refundStatus: "PENDING",
          refundReceiveAccount: { bankCode: "88", accountNumber: "110123456789", holderName: "김토스" },
        },
      })
    })

    it("takes Toss's own bank codes for the refund account: KB국민은행 is 06 (not its clearing code 04), HSBC 54", async () => {
      for (const [bank, code] of [["04", "INVALID_BANK"], ["004", "INVALID_BANK"], ["06", undefined], ["54", undefined]]) {
        const payment = await waitingAccount()
        state.toss.deposit(payment.paymentKey)
        const { body } = await state.api("POST", `/v1/payments/${payment.paymentKey}/cancel`, {
          body: { cancelReason: "환불", refundReceiveAccount: { ...refundAccount, bank } },
        })
        expect([bank, body.code ?? body.virtualAccount.refundReceiveAccount.bankCode]).toEqual([bank, code ?? bank])
      }
    })

    it("marks the account expired when its due date passes, the status unchanged", async () => {
      const payment = await waitingAccount()
      state.toss.clock.advance(7 * 24 * 60 * 60 * 1000 + 1)
      expect(state.toss.getPayment(payment.paymentKey)).toMatchObject({
        status: "WAITING_FOR_DEPOSIT",
        virtualAccount: { expired: true },
      })
      expect(() => state.toss.deposit(payment.paymentKey)).toThrow()
    })

    it("expires an account on demand", async () => {
      const payment = await waitingAccount()
      expect(state.toss.expireVirtualAccount(payment.paymentKey).virtualAccount!.expired).toBe(true)
    })
  })
})

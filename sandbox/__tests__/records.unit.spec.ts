import { TossPayment } from ".."
import { KST_TIME, client, newOrderId, useSandbox } from "./helpers"

/** What Toss keeps of every payment: the transaction ledger, settlements and cash receipts. */
describe("Toss sandbox: records", () => {
  const { state, confirm, confirmedPayment } = useSandbox()

  describe("transaction ledger (GET /v1/transactions)", () => {
    const HOUR_MS = 60 * 60 * 1000
    const TRANSACTION_KEYS = [
      "mId", "transactionKey", "paymentKey", "orderId", "currency", "method", "customerKey",
      "useEscrow", "amount", "status", "transactionAt",
    ]
    /** Korean local time without offset, as Toss wants startDate and endDate. */
    const local = (ms: number) => new Date(ms + 9 * HOUR_MS).toISOString().slice(0, 23)
    const list = (query: Record<string, string | number>, call = state.api) =>
      call("GET", `/v1/transactions?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`)
    /** Everything from an hour ago to a day ahead. */
    const all = (extra: Record<string, string | number> = {}) =>
      list({ startDate: local(state.toss.clock.now() - HOUR_MS), endDate: local(state.toss.clock.now() + 24 * HOUR_MS), ...extra })
    const cancel = (paymentKey: string, body: object) =>
      state.api("POST", `/v1/payments/${paymentKey}/cancel`, { body: { cancelReason: "환불", ...body } })

    it("lists an approval and each cancel as rows of their own, with Toss's Transaction fields", async () => {
      const payment = await confirmedPayment({ customerKey: "customer-1" })
      const partial = await cancel(payment.paymentKey, { cancelAmount: 5000 })
      const rest = await cancel(payment.paymentKey, {})

      const { status, body } = await all()

      expect(status).toBe(200)
      expect(body).toHaveLength(3)
      expect(Object.keys(body[0]).sort()).toEqual([...TRANSACTION_KEYS].sort())
      const common = {
        mId: "tvivarepublica",
        paymentKey: payment.paymentKey,
        orderId: payment.orderId,
        currency: "KRW",
        method: "카드",
        customerKey: "customer-1",
        useEscrow: false,
      }
      expect(body).toEqual([
        { ...common, transactionKey: payment.lastTransactionKey, amount: 15000, status: "DONE", transactionAt: payment.approvedAt },
        {
          ...common,
          transactionKey: partial.body.cancels[0].transactionKey,
          amount: 5000,
          status: "PARTIAL_CANCELED",
          transactionAt: partial.body.cancels[0].canceledAt,
        },
        {
          ...common,
          transactionKey: rest.body.cancels[1].transactionKey,
          amount: 10000,
          status: "CANCELED",
          transactionAt: rest.body.cancels[1].canceledAt,
        },
      ])
      expect(body[0].transactionAt).toMatch(KST_TIME)
    })

    it("lists a virtual account's issue, deposit and reversal, but nothing for an expiry", async () => {
      const issued = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      const deposited = state.toss.deposit(issued.paymentKey)
      const reversed = state.toss.depositError(issued.paymentKey)
      state.toss.expireVirtualAccount(issued.paymentKey)
      const untouched = await confirmedPayment({ method: "VIRTUAL_ACCOUNT" })
      state.toss.clock.advance(8 * 24 * HOUR_MS) // past the due date

      const { body } = await list({ startDate: local(state.toss.clock.now() - 9 * 24 * HOUR_MS), endDate: local(state.toss.clock.now()) })

      expect(body.map((row: any) => [row.orderId, row.status, row.amount, row.transactionKey, row.method])).toEqual([
        [issued.orderId, "WAITING_FOR_DEPOSIT", 15000, issued.lastTransactionKey, "가상계좌"],
        [issued.orderId, "DONE", 15000, deposited.lastTransactionKey, "가상계좌"],
        [issued.orderId, "WAITING_FOR_DEPOSIT", 15000, reversed.lastTransactionKey, "가상계좌"],
        [untouched.orderId, "WAITING_FOR_DEPOSIT", 15000, untouched.lastTransactionKey, "가상계좌"],
      ])
    })

    it("has no row for what moved no money: open windows, authentications, refused confirms, expiries", async () => {
      state.toss.authenticate({ orderId: newOrderId(), amount: 15000 }) // never confirmed, then expired
      const refused = state.toss.authenticate({ orderId: newOrderId(), amount: 15000, confirmError: "REJECT_CARD_PAYMENT" })
      expect((await confirm(refused)).status).toBe(403)
      state.toss.clock.advance(HOUR_MS)
      expect(state.toss.payments().map((p) => p.status).sort()).toEqual(["ABORTED", "EXPIRED"])

      expect((await all()).body).toEqual([])
    })

    it("lists a dashboard cancel like an API cancel", async () => {
      const payment = await confirmedPayment()
      const canceled = state.toss.dashboardCancel(payment.paymentKey, { cancelReason: "대시보드", cancelAmount: 3000 })
      const rows = (await all()).body
      expect(rows.map((row: any) => [row.status, row.amount, row.transactionKey])).toEqual([
        ["DONE", 15000, payment.lastTransactionKey],
        ["PARTIAL_CANCELED", 3000, canceled.lastTransactionKey],
      ])
    })

    it("selects rows by transactionAt in Korean time, both ends included, oldest first", async () => {
      const first = await confirmedPayment()
      state.toss.clock.advance(HOUR_MS)
      const second = await confirmedPayment()
      state.toss.clock.advance(HOUR_MS)
      const third = await confirmedPayment()
      // transactionAt has whole seconds: "2024-01-01T12:00:00+09:00" → "2024-01-01T12:00:00.000"
      const at = (payment: TossPayment) => payment.approvedAt!.slice(0, 19) + ".000"
      const orderIds = async (query: Record<string, string>) =>
        (await list(query)).body.map((row: any) => row.orderId)

      expect(await orderIds({ startDate: at(first), endDate: at(third) })).toEqual([first.orderId, second.orderId, third.orderId])
      expect(await orderIds({ startDate: at(second), endDate: at(second) })).toEqual([second.orderId])
      expect(await orderIds({ startDate: at(first).replace(".000", ".001"), endDate: at(third).replace(".000", "") })).toEqual([
        second.orderId,
        third.orderId,
      ])
    })

    it("pages with limit and startingAfter = the last transactionKey of the previous page", async () => {
      const payments = [await confirmedPayment(), await confirmedPayment(), await confirmedPayment()]
      await cancel(payments[0].paymentKey, { cancelAmount: 1000 })
      const everything = (await all()).body
      expect(everything).toHaveLength(4)

      const first = (await all({ limit: 3 })).body
      const second = (await all({ limit: 3, startingAfter: first[2].transactionKey })).body
      const last = (await all({ limit: 3, startingAfter: second[0].transactionKey })).body

      expect(first).toEqual(everything.slice(0, 3))
      expect(second).toEqual(everything.slice(3))
      expect(last).toEqual([])
    })

    it("answers 100 rows by default and up to 5000 with limit", async () => {
      for (let i = 0; i < 101; i++) state.toss.authenticateAndConfirm({ orderId: newOrderId(), amount: 1000 })
      expect((await all()).body).toHaveLength(100)
      expect((await all({ limit: 5000 })).body).toHaveLength(101)
    })

    it("refuses a startingAfter it did not list in that window with 400 INVALID_TRANSACTION_KEY", async () => {
      const early = await confirmedPayment()
      state.toss.clock.advance(2 * HOUR_MS)
      const late = await confirmedPayment()
      const lateWindow = { startDate: local(state.toss.clock.now() - HOUR_MS), endDate: local(state.toss.clock.now()) }

      for (const startingAfter of ["0123456789ABCDEF0123456789ABCDEF", early.lastTransactionKey!]) {
        const { status, body } = await list({ ...lateWindow, startingAfter })
        expect([status, body.code]).toEqual([400, "INVALID_TRANSACTION_KEY"])
      }
      expect((await list({ ...lateWindow, startingAfter: late.lastTransactionKey! })).body).toEqual([])
    })

    it("refuses missing or malformed dates and limits with 400 INVALID_REQUEST", async () => {
      const now = state.toss.clock.now()
      const valid = { startDate: local(now - HOUR_MS), endDate: local(now) }
      const queries: Array<Record<string, string | number>> = [
        {},
        { endDate: valid.endDate },
        { startDate: valid.startDate },
        { ...valid, startDate: new Date(now).toISOString() }, // with "Z"
        { ...valid, endDate: valid.endDate + "+09:00" },
        { ...valid, startDate: "2024-02-30T00:00:00" },
        { ...valid, startDate: "2024-01-01" },
        { startDate: valid.endDate, endDate: valid.startDate },
        { ...valid, limit: 0 },
        { ...valid, limit: 5001 },
        { ...valid, limit: "ten" },
        { ...valid, limit: "1.5" },
      ]
      for (const query of queries) {
        const { status, body } = await list(query)
        expect([query, status, body.code]).toEqual([query, 400, "INVALID_REQUEST"])
      }
      expect((await list({ ...valid, limit: 5000 })).status).toBe(200)
      expect((await list({ startDate: valid.startDate.slice(0, 19), endDate: valid.endDate.slice(0, 19) })).status).toBe(200)
    })

    it("shows a merchant only its own transactions", async () => {
      const own = await confirmedPayment()
      const widgetPayment = state.toss.authenticateAndConfirm({
        orderId: newOrderId(),
        amount: 15000,
        clientKey: state.toss.merchants[1].clientKey,
      })
      const window = { startDate: local(state.toss.clock.now() - HOUR_MS), endDate: local(state.toss.clock.now() + HOUR_MS) }
      const widgetRows = (await list(window, client(state.toss, state.toss.merchants[1].secretKey))).body

      expect((await all()).body.map((row: any) => row.orderId)).toEqual([own.orderId])
      expect(widgetRows.map((row: any) => [row.orderId, row.mId])).toEqual([[widgetPayment.orderId, "tvivarepublica2"]])
    })

    it("shows customerKey as the SDK got it, null for ANONYMOUS", async () => {
      await confirmedPayment({ customerKey: "@@ANONYMOUS" })
      await confirmedPayment()
      expect((await all()).body.map((row: any) => row.customerKey)).toEqual([null, null])
      expect(() => state.toss.authenticate({ orderId: newOrderId(), amount: 1000, customerKey: "a" })).toThrow(
        expect.objectContaining({ code: "INVALID_CUSTOMER_KEY" })
      )
    })

    it("is recorded in the request log with its query", async () => {
      await all({ limit: 7 })
      expect(state.toss.requestsTo("GET", "/v1/transactions")[0].query).toMatchObject({ limit: "7" })
    })
  })

  describe("settlements (GET /v1/settlements)", () => {
    const DAY_MS = 24 * 60 * 60 * 1000
    const kstDate = (ms: number) => new Date(ms + 9 * 60 * 60 * 1000).toISOString().slice(0, 10)
    const list = (query: Record<string, string | number>, call = state.api) =>
      call("GET", `/v1/settlements?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`)
    const today = () => ({ startDate: kstDate(state.toss.clock.now()), endDate: kstDate(state.toss.clock.now()) })

    it("lists an approval with its fee, VAT on the fee and payout, and a cancel as negative amounts", async () => {
      const payment = await confirmedPayment({ amount: 20000 })
      const canceled = await state.api("POST", `/v1/payments/${payment.paymentKey}/cancel`, { body: { cancelReason: "환불", cancelAmount: 5000 } })

      const { status, body } = await list(today())

      expect(status).toBe(200)
      expect(body).toEqual([
        expect.objectContaining({
          paymentKey: payment.paymentKey,
          transactionKey: payment.lastTransactionKey,
          orderId: payment.orderId,
          method: "카드",
          amount: 20000,
          supplyAmount: 600,
          vat: 60,
          fees: [{ type: "BASE", fee: 660 }],
          payOutAmount: 19340,
          soldDate: kstDate(state.toss.clock.now()),
          paidOutDate: kstDate(state.toss.clock.now() + 2 * DAY_MS),
        }),
        expect.objectContaining({
          transactionKey: canceled.body.cancels[0].transactionKey,
          amount: -5000,
          supplyAmount: -150,
          vat: -15,
          payOutAmount: -4835,
        }),
      ])
    })

    it("lists nothing for a virtual account until its deposit, and pages by page and size", async () => {
      const issued = await confirmedPayment({ method: "VIRTUAL_ACCOUNT", amount: 30000 })
      expect((await list(today())).body).toEqual([])
      state.toss.deposit(issued.paymentKey)
      await confirmedPayment()
      await confirmedPayment()

      const rows = (await list(today())).body
      expect(rows.map((row: any) => [row.method, row.supplyAmount, row.payOutAmount])).toEqual([
        ["가상계좌", 400, 29560],
        ["카드", 450, 14505],
        ["카드", 450, 14505],
      ])
      const pages = await Promise.all([1, 2, 3].map((page) => list({ ...today(), size: 2, page })))
      expect(pages.map((page) => page.body.length)).toEqual([2, 1, 0])
      expect(pages.flatMap((page) => page.body.map((row: any) => row.transactionKey))).toEqual(rows.map((row: any) => row.transactionKey))
      const paidOut = kstDate(state.toss.clock.now() + 2 * DAY_MS)
      expect((await list({ startDate: paidOut, endDate: paidOut, dateType: "paidOutDate" })).body).toHaveLength(3)
    })

    it("refuses a missing or impossible date, a bad dateType, page or size with 400 INVALID_REQUEST", async () => {
      for (const query of [{}, { ...today(), startDate: "2026-02-30" }, { startDate: "2026-12-02", endDate: "2026-12-01" }, { ...today(), dateType: "x" }, { ...today(), page: 0 }, { ...today(), size: 5001 }]) {
        const { status, body } = await list(query)
        expect([status, body.code]).toEqual([400, "INVALID_REQUEST"])
      }
    })
  })

  describe("cash receipts (POST /v1/cash-receipts)", () => {
    const issue = (body: object) =>
      state.api("POST", "/v1/cash-receipts", { body: { amount: 15000, orderId: newOrderId(), orderName: "테스트 상품", customerIdentityNumber: "01012345678", type: "소득공제", ...body } })

    it("issues a receipt with the identity number masked, cancels it once, and lists both by request date", async () => {
      const orderId = newOrderId()
      const issued = await issue({ orderId, taxFreeAmount: 3000 })
      expect(issued.status).toBe(200)
      expect(issued.body).toMatchObject({
        orderId,
        amount: 15000,
        taxFreeAmount: 3000,
        type: "소득공제",
        transactionType: "CONFIRM",
        issueStatus: "COMPLETED",
        customerIdentityNumber: "*******5678",
        receiptUrl: expect.stringContaining(issued.body.receiptKey),
      })
      expect((await issue({ orderId })).body.code).toBe("ALREADY_ISSUED_CASH_RECEIPT")

      const canceled = await state.api("POST", `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, { body: {} })
      expect(canceled.status).toBe(200)
      expect(canceled.body).toMatchObject({ orderId, amount: 15000, transactionType: "CANCEL" })
      expect(canceled.body.receiptKey).not.toBe(issued.body.receiptKey)
      const again = await state.api("POST", `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, { body: {} })
      expect([again.status, again.body.code]).toEqual([400, "ALREADY_CANCELED_CASH_RECEIPT"])
      const unknown = await state.api("POST", "/v1/cash-receipts/cr_nothere/cancel", { body: {} })
      expect([unknown.status, unknown.body.code]).toEqual([404, "NOT_FOUND_CASH_RECEIPT"])
      // Cancelled: the order may have a receipt again.
      expect((await issue({ orderId })).status).toBe(200)

      const day = new Date(state.toss.clock.now() + 9 * 3600_000).toISOString().slice(0, 10)
      const listed = await state.api("GET", `/v1/cash-receipts?requestDate=${day}&limit=2`)
      expect(listed.body.data.map((row: any) => row.transactionType)).toEqual(["CONFIRM", "CANCEL"])
      expect(listed.body.hasNext).toBe(true)
      const next = await state.api("GET", `/v1/cash-receipts?requestDate=${day}&cursor=${listed.body.lastCursor}`)
      expect(next.body).toMatchObject({ hasNext: false, data: [expect.objectContaining({ transactionType: "CONFIRM" })] })
    })

    it("refuses an identity number that does not fit the type, a bad amount, type or orderId with 400 INVALID_REQUEST", async () => {
      for (const body of [
        { customerIdentityNumber: "1234" },
        { type: "지출증빙", customerIdentityNumber: "01012345678" },
        { amount: 0 },
        { amount: 1000, taxFreeAmount: 1001 },
        { type: "영수증" },
        { orderId: "x" },
        { orderName: "" },
      ]) {
        const { status, body: answer } = await issue(body)
        expect([status, answer.code]).toEqual([400, "INVALID_REQUEST"])
      }
      expect((await issue({ type: "지출증빙", customerIdentityNumber: "1234567890" })).status).toBe(200)
    })
  })
})

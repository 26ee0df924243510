import { createCartWorkflow, createProductsWorkflow, createTaxRatesWorkflow, createTaxRegionsWorkflow, updateRegionsWorkflow, updateTaxLinesWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import axios from "axios"
import { PORTONE_TEST_API_SECRET } from "../../sandbox/portone"
import { cancelRequest } from "../../src/providers/portone/cancel"
import { syncPortOnePaymentWorkflow } from "../../src/workflows/sync-portone-payment"
import { registerCustomer } from "../helpers/customers"
import { orderHelpers } from "../helpers/orders"
import { completeWithPortOne, initiatePortOneSession, PORTONE_PROVIDER_ID, usePortOneSandbox } from "../helpers/portone"
import { TOSS_PROVIDER_ID } from "../helpers/store"
import { tossIntegrationTestRunner } from "../helpers/runner"

jest.setTimeout(240_000)

// Started before Medusa: medusa-config registers PortOne once its env is set.
const { portOne } = usePortOneSandbox()

const REFUND_ACCOUNT = { bank: "SHINHAN", number: "110-987-654321", holder_name: "김환불" }

tossIntegrationTestRunner({
  testSuite: ({ api, getContainer, sandbox, store, admin }) => {
    const { orderById, paidOrder } = orderHelpers({ api, getContainer, sandbox, store: () => store, admin: () => admin })
    const answer = { validateStatus: () => true }
    const view = (paymentId: string, headers: object = admin) => api.get(`/admin/portone/payments/${paymentId}`, { ...headers, ...answer })
    const refund = (paymentId: string, body: Record<string, unknown>, headers: object = admin) =>
      api.post(`/admin/portone/payments/${paymentId}/refunds`, body, { ...headers, ...answer })
    const post = (path: string, body: Record<string, unknown> = {}) => api.post(`/admin/portone/payments/${path}`, body, { ...admin, ...answer })
    const cancels = (paymentId: string) => portOne().requestsTo("POST", `/payments/${paymentId}/cancel`)
    const lookups = (paymentId: string) => portOne().requestsTo("GET", new RegExp(`^/payments/${paymentId}$`))
    const medusaRefunds = async (orderId: string) => (await orderById(orderId)).payments.flatMap((payment: any) => payment.refunds ?? [])
    let bookId: string
    /** A Toss payment: a payment PortOne knows nothing about. */
    let tossPaymentId: string

    beforeAll(async () => {
      const container = getContainer()
      // Paid before the VAT below, which the Toss helper's cart does not expect.
      ;({ paymentId: tossPaymentId } = await paidOrder(12000))
      for (const id of [store.regionId, store.usdRegionId]) {
        await updateRegionsWorkflow(container).run({ input: { selector: { id }, update: { payment_providers: [TOSS_PROVIDER_ID, PORTONE_PROVIDER_ID] } } })
      }
      // Korea's 10 % VAT and books exempt from it, for a tax-free share.
      const {
        result: [book],
      } = await createProductsWorkflow(container).run({
        input: { products: [{ title: "한국어 문법 책", status: "published", options: [{ title: "판", values: ["1판"] }], variants: [{ title: "1판", options: { 판: "1판" }, prices: [{ currency_code: "krw", amount: 18000 }] }] }] },
      })
      bookId = book.id
      const {
        result: [taxRegion],
      } = await createTaxRegionsWorkflow(container).run({
        input: [{ country_code: "kr", provider_id: "tp_system", default_tax_rate: { rate: 10, code: "VAT", name: "부가가치세" } }],
      })
      await createTaxRatesWorkflow(container).run({
        input: [{ tax_region_id: taxRegion.id, rate: 0, code: "TAXFREE", name: "면세 (도서)", rules: [{ reference: "product", reference_id: book.id }] }],
      })
    })

    beforeEach(() => portOne().reset())

    /**
     * An order paid through PortOne: 40,000 KRW, 18,000 of it a tax-free book.
     * A virtual account is deposited and captured by the sync; the sandbox's log is cleared afterwards.
     */
    async function paidPortOneOrder({ payMethod, isEscrow }: { payMethod?: "VIRTUAL_ACCOUNT"; isEscrow?: boolean } = {}) {
      const container = getContainer()
      const { result: cart } = await createCartWorkflow(container).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          email: "shopper@example.com",
          shipping_address: { country_code: "kr", first_name: "길동", last_name: "홍" },
          items: [
            { title: "한국어 문법 책", product_id: bookId, quantity: 1, unit_price: 18000, requires_shipping: false, is_tax_inclusive: true },
            { title: "토스 티셔츠", quantity: 1, unit_price: 22000, requires_shipping: false, is_tax_inclusive: true },
          ],
        },
      })
      await updateTaxLinesWorkflow(container).run({ input: { cart_id: cart.id, force_tax_calculation: true } })
      const session = await initiatePortOneSession(api, store, cart.id, { orderName: "책과 티셔츠" })
      const paymentId = session.id as string
      expect(portOne().pay({ paymentId, totalAmount: 40000, taxFreeAmount: 18000, payMethod: payMethod ?? "CARD", isEscrow }).code).toBeUndefined()
      const completed = await completeWithPortOne(api, store, { paymentId })
      expect(completed.data.type).toBe("order")
      const orderId = completed.data.order.id as string
      if (payMethod === "VIRTUAL_ACCOUNT") {
        portOne().deposit(paymentId)
        await syncPortOnePaymentWorkflow(container).run({ input: { paymentSessionId: paymentId } })
      }
      const [payment] = (await orderById(orderId)).payments
      expect(payment.captured_at).toBeTruthy()
      portOne().reset()
      return { orderId, paymentId, medusaPaymentId: payment.id as string }
    }

    describe("GET /admin/portone/payments/:id", () => {
      it("shows what PortOne says now, from one look-up, without anything secret", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder()

        const response = await view(medusaPaymentId)

        expect(response.status).toBe(200)
        expect(response.data.portone_payment).toMatchObject({
          payment_id: medusaPaymentId,
          portone_payment_id: paymentId,
          medusa: { amount: 40000, captured: 40000, refunded: 0 },
          portone: {
            status: "PAID",
            method: "PaymentMethodCard",
            currency: "KRW",
            amount: { total: 40000, paid: 40000, cancelled: 0, cancellable: 40000, tax_free: 18000, tax_free_cancellable: 18000 },
            cancels: [],
            virtual_account: null,
            escrow: null,
            can: { refund: true, refund_needs_account: false, escrow_logistics: false, cash_receipt: false },
          },
        })
        expect(response.data.portone_payment.portone.channel).toMatchObject({ test: true })
        expect(response.data.portone_payment.error).toBeUndefined()
        expect(lookups(paymentId)).toHaveLength(1)
        const text = JSON.stringify(response.data)
        for (const secret of [PORTONE_TEST_API_SECRET, portOne().webhookSecret, "billingKey", "customer", "customData", "pgMerchantId"]) {
          expect(text).not.toContain(secret)
        }
      })

      it("answers 404 for an unknown payment and 400 for one PortOne did not take, asking PortOne nothing", async () => {
        const unknown = await view("pay_does_not_exist")
        expect(unknown.status).toBe(404)

        const toss = await view(tossPaymentId)
        expect(toss.status).toBe(400)
        expect(toss.data.message).toMatch(/not made with PortOne/)
        expect(portOne().requests).toEqual([])
      })

      it("shows a cancel made in PortOne's console, already recorded as a Medusa refund", async () => {
        const { paymentId, medusaPaymentId, orderId } = await paidPortOneOrder()
        portOne().consoleCancel(paymentId, { reason: "고객 요청 (콘솔)", amount: 7000 })

        const response = await view(medusaPaymentId)

        expect(response.status).toBe(200)
        expect(response.data.portone_payment.portone.cancels).toMatchObject([{ status: "SUCCEEDED", amount: 7000, reason: "고객 요청 (콘솔)" }])
        expect(response.data.portone_payment.medusa).toMatchObject({ refunded: 7000 })
        expect((await view(medusaPaymentId)).status).toBe(200)
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount))).toEqual([7000])
      })
    })

    describe("POST /admin/portone/payments/:id/refunds", () => {
      it("cancels once at PortOne with the tax-free share, the balance it read and the operator's note", async () => {
        const { paymentId, medusaPaymentId, orderId } = await paidPortOneOrder()

        const response = await refund(medusaPaymentId, { amount: 10000, note: "사이즈 교환\n차액 환불" })

        expect(response.status).toBe(200)
        expect(response.data.payment).toMatchObject({ id: medusaPaymentId, captured: 40000, refunded: 10000 })
        const sent = cancels(paymentId)
        expect(sent).toHaveLength(1)
        expect(sent[0].body).toMatchObject({ amount: 10000, taxFreeAmount: 4500, currentCancellableAmount: 40000, reason: "사이즈 교환 차액 환불" })
        expect(sent[0].idempotencyKey).toBeTruthy()
        // The cancel rests on the sync's look-up (PortOne is asked once before it, and once after to read the result).
        const sentAt = portOne().requests.indexOf(sent[0])
        expect(portOne().requests.slice(0, sentAt).filter((request) => request.method === "GET")).toHaveLength(1)
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount))).toEqual([10000])

        const rest = await refund(medusaPaymentId, { amount: 30000 })
        expect(rest.status).toBe(200)
        expect(cancels(paymentId)[1].body).toMatchObject({ amount: 30000, taxFreeAmount: 13500, currentCancellableAmount: 30000 })
        expect(portOne().getPayment(paymentId)).toMatchObject({ status: "CANCELLED", amount: { cancelled: 40000, cancelledTaxFree: 18000 } })
      })

      it("records a console cancel first and refunds nothing more; the next refund is made once", async () => {
        const { paymentId, medusaPaymentId, orderId } = await paidPortOneOrder()
        portOne().consoleCancel(paymentId, { reason: "콘솔 취소", amount: 5000 })

        const first = await refund(medusaPaymentId, { amount: 5000 })

        expect(first.status).toBe(400)
        expect(first.data.message).toMatch(/recorded now/)
        expect(cancels(paymentId)).toEqual([])
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount))).toEqual([5000])

        const second = await refund(medusaPaymentId, { amount: 5000 })
        expect(second.status).toBe(200)
        expect(cancels(paymentId)).toHaveLength(1)
        expect(cancels(paymentId)[0].body).toMatchObject({ amount: 5000, currentCancellableAmount: 35000 })
        expect((await view(medusaPaymentId)).status).toBe(200)
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount)).sort()).toEqual([5000, 5000])
        expect((portOne().getPayment(paymentId) as { cancellations: unknown[] }).cancellations).toHaveLength(2)
      })

      it("refunds once when the cancel's answers are lost: settled by asking PortOne, or recorded by the retry", async () => {
        const { paymentId, medusaPaymentId, orderId } = await paidPortOneOrder()
        portOne().dropNextResponse({ method: "POST", path: "/cancel", mode: "reset", times: 10 })

        // Every answer to the cancel is lost; PortOne's payment tells that it went through.
        const lost = await refund(medusaPaymentId, { amount: 8000 })
        expect(lost.status).toBe(200)
        expect(new Set(cancels(paymentId).map((request) => request.idempotencyKey)).size).toBe(1)
        expect(portOne().getPayment(paymentId)).toMatchObject({ amount: { cancelled: 8000 } })
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount))).toEqual([8000])

        // A refund whose answer was lost and never recorded (the server went down): PortOne made it with the key
        // the refund sends. The operator's retry records it and cancels nothing more.
        portOne().reset()
        const paid = portOne().getPayment(paymentId) as Parameters<typeof cancelRequest>[0]
        const { input, key } = cancelRequest(paid, { cancelAmount: 6000, reason: "환불 (refund)" })
        const made = await axios.post(`${portOne().url}/payments/${encodeURIComponent(paymentId)}/cancel`, input, {
          headers: { authorization: `PortOne ${PORTONE_TEST_API_SECRET}`, "idempotency-key": `"${key}"` },
          params: { storeId: portOne().storeId },
        })
        expect(made.status).toBe(200)
        portOne().reset()
        const retried = await refund(medusaPaymentId, { amount: 6000 })
        expect(retried.status).toBe(400)
        expect(retried.data.message).toMatch(/recorded now/)
        expect(cancels(paymentId)).toEqual([])
        expect((portOne().getPayment(paymentId) as { cancellations: unknown[] }).cancellations).toHaveLength(2)
        expect((await medusaRefunds(orderId)).map((row: any) => Number(row.amount)).sort()).toEqual([6000, 8000])
      })

      it("answers 400 asking to try again while PortOne is out of reach, and shows the panel with the reason", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder()
        portOne().failNext({ method: "GET", path: `/payments/${paymentId}`, status: 503, type: "INTERNAL_SERVER_ERROR", times: 50 })

        const refused = await refund(medusaPaymentId, { amount: 1000 })
        expect(refused.status).toBe(400)
        expect(refused.data.message).toMatch(/try again/i)
        expect(cancels(paymentId)).toEqual([])
        const panel = await view(medusaPaymentId)
        expect(panel.status).toBe(200)
        expect(panel.data.portone_payment).toMatchObject({ portone: null, error: expect.stringMatching(/could not be reached/) })
      })

      it("refunds a deposited virtual account into the account of the request, kept nowhere", async () => {
        const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER) as unknown as Record<string, (...args: unknown[]) => unknown>
        const logged: string[] = []
        const spies = ["log", "info", "warn", "error", "debug"]
          .filter((level) => typeof logger[level] === "function")
          .map((level) => jest.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))))
        try {
          const { paymentId, medusaPaymentId, orderId } = await paidPortOneOrder({ payMethod: "VIRTUAL_ACCOUNT" })
          const panel = await view(medusaPaymentId)
          expect(panel.data.portone_payment.portone).toMatchObject({ method: "PaymentMethodVirtualAccount", can: { refund_needs_account: true, cash_receipt: true } })
          expect(panel.data.portone_payment.portone.virtual_account.account_number).toBeTruthy()

          const without = await refund(medusaPaymentId, { amount: 10000 })
          expect(without.status).toBe(400)
          expect(without.data.message).toMatch(/bank account/)
          const badBank = await refund(medusaPaymentId, { amount: 10000, refund_account: { ...REFUND_ACCOUNT, bank: "NOT_A_BANK" } })
          expect(badBank.status).toBe(400)
          const badNumber = await refund(medusaPaymentId, { amount: 10000, refund_account: { ...REFUND_ACCOUNT, number: "12ab" } })
          expect(badNumber.status).toBe(400)
          const noHolder = await refund(medusaPaymentId, { amount: 10000, refund_account: { bank: "SHINHAN", number: "110987654321" } })
          expect(noHolder.status).toBe(400)
          expect(cancels(paymentId)).toEqual([])

          const refunded = await refund(medusaPaymentId, { amount: 10000, refund_account: REFUND_ACCOUNT })
          expect(refunded.status).toBe(200)
          expect(cancels(paymentId)).toHaveLength(1)
          expect(cancels(paymentId)[0].body).toMatchObject({
            amount: 10000,
            taxFreeAmount: 4500,
            currentCancellableAmount: 40000,
            refundAccount: { bank: "SHINHAN", number: "110987654321", holderName: "김환불" },
          })

          const order = await orderById(orderId)
          const stored = JSON.stringify(order.payments) + JSON.stringify((await view(medusaPaymentId)).data)
          for (const text of [stored, JSON.stringify([without.data, refunded.data]), ...logged]) {
            expect(text).not.toContain("110987654321")
            expect(text).not.toContain("110-987-654321")
            expect(text).not.toContain("김환불")
          }
        } finally {
          spies.forEach((spy) => spy.mockRestore())
        }
      })

      it("answers 400 for bad input and for a non-PortOne payment, 404 for an unknown one, before PortOne is asked", async () => {
        const { medusaPaymentId } = await paidPortOneOrder()
        for (const body of [{}, { amount: 0 }, { amount: -5 }, { amount: 1.5 }, { amount: "1000" }, { amount: 1000, surprise: true }]) {
          expect((await refund(medusaPaymentId, body)).status).toBe(400)
        }
        expect((await refund(tossPaymentId, { amount: 1000 })).status).toBe(400)
        expect((await refund("pay_does_not_exist", { amount: 1000 })).status).toBe(404)
        expect(portOne().requests).toEqual([])

        const tooMuch = await refund(medusaPaymentId, { amount: 40001 })
        expect(tooMuch.status).toBe(400)
        expect(portOne().requestsTo("POST", "/cancel")).toEqual([])
      })

      it("keeps Medusa's own refund button working for a card payment", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder()
        const response = await api.post(`/admin/payments/${medusaPaymentId}/refund`, { amount: 3000 }, { ...admin, ...answer })
        expect(response.status).toBe(200)
        expect(cancels(paymentId)).toHaveLength(1)
        expect(cancels(paymentId)[0].body).toMatchObject({ amount: 3000, currentCancellableAmount: 40000 })
      })
    })

    describe("escrow", () => {
      it("registers the delivery, corrects it and confirms the purchase", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder({ isEscrow: true })
        const delivery = { company: "CJ", invoice_number: "6012-3456-7890", sent_at: "2026-12-01T09:00:00+09:00", receiver: { name: "홍길동", phone_number: "010-1234-5678" } }

        const registered = await post(`${medusaPaymentId}/escrow/logistics`, delivery)
        expect(registered.status).toBe(200)
        expect(registered.data.portone_payment.portone.escrow).toMatchObject({ status: "REGISTERED", company: "CJ", invoice_number: "6012-3456-7890" })
        expect(portOne().requestsTo("POST", `/payments/${paymentId}/escrow/logistics`)[0].body).toMatchObject({
          logistics: { company: "CJ", invoiceNumber: "6012-3456-7890", sentAt: "2026-12-01T00:00:00.000Z" },
          receiver: { name: "홍길동", phoneNumber: "01012345678" },
        })

        const corrected = await post(`${medusaPaymentId}/escrow/logistics`, { ...delivery, company: "HANJIN" })
        expect(corrected.status).toBe(200)
        expect(portOne().requestsTo("PATCH", `/payments/${paymentId}/escrow/logistics`)).toHaveLength(1)
        expect(corrected.data.portone_payment.portone.escrow).toMatchObject({ company: "HANJIN" })

        const confirmed = await post(`${medusaPaymentId}/escrow/complete`)
        expect(confirmed.status).toBe(200)
        expect(confirmed.data.portone_payment.portone.escrow).toMatchObject({ status: "CONFIRMED" })
      })

      it("refuses a payment without escrow and bad input, before PortOne is asked to register anything", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder()
        const delivery = { company: "CJ", invoice_number: "601234567890", sent_at: "2026-12-01T09:00:00+09:00" }

        const plain = await post(`${medusaPaymentId}/escrow/logistics`, delivery)
        expect(plain.status).toBe(400)
        expect(plain.data.message).toMatch(/escrow/)
        expect((await post(`${medusaPaymentId}/escrow/complete`)).status).toBe(400)
        expect((await post(`${medusaPaymentId}/escrow/logistics`, { ...delivery, company: "NOPE" })).status).toBe(400)
        expect((await post(`${medusaPaymentId}/escrow/logistics`, { ...delivery, sent_at: "yesterday" })).status).toBe(400)
        expect(portOne().requests.filter((request) => request.path.includes("/escrow/"))).toEqual([])
        expect(lookups(paymentId).length).toBeGreaterThan(0)
      })
    })

    describe("cash receipts", () => {
      it("issues one for a virtual account, the identity number sent to PortOne only, and cancels it", async () => {
        const { paymentId, medusaPaymentId } = await paidPortOneOrder({ payMethod: "VIRTUAL_ACCOUNT" })

        const bad = await post(`${medusaPaymentId}/cash-receipt`, { type: "PERSONAL", identity_number: "12345" })
        expect(bad.status).toBe(400)
        const issued = await post(`${medusaPaymentId}/cash-receipt`, { type: "PERSONAL", identity_number: "010-2345-6789" })
        expect(issued.status).toBe(200)
        expect(issued.data.cash_receipt).toMatchObject({ amount: 40000 })
        expect(issued.data.cash_receipt.issue_number).toBeTruthy()
        const sent = portOne().requestsTo("POST", "/cash-receipts")
        expect(sent).toHaveLength(1)
        expect(sent[0].body).toMatchObject({ paymentId, type: "PERSONAL", amount: { total: 40000, taxFree: 18000 }, customer: { identityNumber: "01023456789" } })
        expect(JSON.stringify(issued.data)).not.toContain("01023456789")

        const cancelled = await post(`${medusaPaymentId}/cash-receipt/cancel`)
        expect(cancelled.status).toBe(200)
        expect(portOne().requestsTo("POST", `/payments/${paymentId}/cash-receipt/cancel`)).toHaveLength(1)
      })

      it("refuses a card payment before PortOne is asked to issue", async () => {
        const { medusaPaymentId } = await paidPortOneOrder()
        const card = await post(`${medusaPaymentId}/cash-receipt`, { type: "PERSONAL", identity_number: "01023456789" })
        expect(card.status).toBe(400)
        expect(portOne().requestsTo("POST", "/cash-receipts")).toEqual([])
      })
    })

    it("answers 401 to strangers and customers", async () => {
      const { medusaPaymentId } = await paidPortOneOrder()
      const customer = await registerCustomer(api, store, "portone-admin")
      for (const headers of [{ headers: {} }, { headers: customer.headers }]) {
        expect((await view(medusaPaymentId, headers)).status).toBe(401)
        expect((await refund(medusaPaymentId, { amount: 1000 }, headers)).status).toBe(401)
        expect((await api.post(`/admin/portone/payments/${medusaPaymentId}/escrow/complete`, {}, { ...headers, ...answer })).status).toBe(401)
      }
      expect(portOne().requests).toEqual([])
    })
  },
})

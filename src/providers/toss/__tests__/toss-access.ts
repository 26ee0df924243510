import { startTossSandbox, TossSandbox } from "../../../../sandbox"
import { TossClient } from "../../../toss/client"
import type { TossPayment } from "../../../toss/types"
import type { TossAccess } from "../cancel"
import type { TossSessionData } from "../session-data"

const SECRET_KEY = "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R"

/**
 * The provider's Toss work against the in-process sandbox, for one spec
 * file: `toss` is the sandbox, `access()` what the provider hands its
 * helpers (a client with short retries, a logger that records).
 */
export function useTossSandbox() {
  const state = {} as { toss: TossSandbox; client: TossClient }
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn(), debug: jest.fn() }
  let counter = 0
  beforeAll(async () => {
    // No consecutive-request window: these tests look a payment up and cancel it at once.
    state.toss = await startTossSandbox({ webhooks: false, consecutiveRequestWindowMs: 0 })
  })
  afterAll(() => state.toss.close())
  beforeEach(() => {
    state.toss.reset()
    state.client = new TossClient({ secretKey: SECRET_KEY, apiBaseUrl: state.toss.url, retryBaseDelayMs: 1, timeoutMs: 300, maxRetries: 1 })
    jest.clearAllMocks()
  })

  return {
    get toss() {
      return state.toss
    },
    logger,
    access: (): TossAccess => ({ client: state.client, logger: logger as never }),
    /** A window session as the provider stored it at initiation. */
    session: (overrides: Partial<TossSessionData> = {}): TossSessionData => ({
      orderId: `payses_unit_${Date.now().toString(36)}_${++counter}`,
      orderName: "주문 결제",
      amount: 15000,
      currency: "KRW",
      integration: "payment",
      method: null,
      clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
      paymentKey: null,
      status: null,
      payment: null,
      refundTransactionKeys: [],
      ...overrides,
    }),
    /** Toss's payment as it stands, as if just looked up (without a request, so the client waits out no rate limit). */
    atToss: (paymentKeyOrOrderId: string): TossPayment => JSON.parse(JSON.stringify(state.toss.getPayment(paymentKeyOrOrderId))),
  }
}

import { readdirSync, readFileSync } from "fs"
import { dirname, join } from "path"
import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { meaningOf, PORTONE_STATUS, PORTONE_WEBHOOK_ACTION, webhookAction } from "../const"

describe("PORTONE_STATUS", () => {
  it("captures only what the PG approved, and gives back only what holds money", () => {
    const paid = Object.entries(PORTONE_STATUS).filter(([, meaning]) => meaning.paid).map(([status]) => status)
    const holding = Object.entries(PORTONE_STATUS).filter(([, meaning]) => meaning.holdsMoney).map(([status]) => status)

    expect(paid).toEqual(["PAID", "PARTIAL_CANCELLED"])
    expect(holding).toEqual(["VIRTUAL_ACCOUNT_ISSUED", "PAID", "PARTIAL_CANCELLED"])
  })

  it("keeps a virtual account waiting for its deposit pending, not captured", () => {
    expect(meaningOf({ status: "VIRTUAL_ACCOUNT_ISSUED" })).toMatchObject({
      session: PaymentSessionStatus.PENDING_AUTHORIZATION,
      paid: false,
      holdsMoney: true,
      final: false,
    })
  })

  it("ends watching only a cancelled or failed payment", () => {
    const final = Object.entries(PORTONE_STATUS).filter(([, meaning]) => meaning.final).map(([status]) => status)
    expect(final).toEqual(["CANCELLED", "FAILED"])
    expect(meaningOf({ status: "FAILED" }).session).toBe(PaymentSessionStatus.ERROR)
  })

  it("neither captures nor stops watching a status newer than the table", () => {
    expect(meaningOf({ status: "PARTIAL_REFUND_PENDING" as never })).toEqual({
      session: PaymentSessionStatus.PENDING,
      confirmed: false,
      paid: false,
      holdsMoney: false,
      final: false,
    })
    expect(meaningOf({ status: "toString" as never }).final).toBe(false)
  })
})

describe("PORTONE_WEBHOOK_ACTION", () => {
  it("looks the payment up for every webhook that can mean money moved, and ignores the rest", () => {
    // Every webhook type @portone/server-sdk declares, read from its type files.
    const dir = join(dirname(require.resolve("@portone/server-sdk")), "generated", "webhook")
    const types = readdirSync(dir)
      .filter((file) => /^Webhook(Transaction|BillingKey)\w*\.d\.ts$/.test(file) && !file.includes("Data"))
      .map((file) => /type: "([\w.]+)"/.exec(readFileSync(join(dir, file), "utf8"))?.[1])
      .filter((type): type is string => Boolean(type))
    expect(types.length).toBeGreaterThan(10)
    expect(types.filter((type) => !(type in PORTONE_WEBHOOK_ACTION))).toEqual([])
    expect(webhookAction("Transaction.Paid")).toBe("sync-payment")
    expect(webhookAction("Transaction.Cancelled")).toBe("sync-payment")
    expect(webhookAction("BillingKey.Deleted")).toBe("sync-billing-key")
    expect(webhookAction("Transaction.Ready")).toBe("ignore")
    expect(webhookAction("Settlement.Created")).toBe("ignore")
    expect(webhookAction("constructor")).toBe("ignore")
  })
})

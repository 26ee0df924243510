import { readWindowOptions } from "../window-options"

const now = new Date("2026-12-15T03:00:00Z")

describe("readWindowOptions", () => {
  const read = (data: Record<string, unknown>, method: any = "VIRTUAL_ACCOUNT", options = {}) =>
    readWindowOptions(data, { won: 60000, method, options, now })

  it("offers the store's installments from 50,000 KRW only, and fewer months on request", () => {
    const options = { maxCardInstallmentPlan: 6, freeInstallmentPlans: [{ company: "SHINHAN", months: [2, 3] }] }
    expect(read({}, "CARD", options)).toMatchObject({ maxCardInstallmentPlan: 6, freeInstallmentPlans: options.freeInstallmentPlans })
    expect(read({ maxCardInstallmentPlan: 0 }, "CARD", options).maxCardInstallmentPlan).toBe(0)
    expect(readWindowOptions({}, { won: 49999, method: "CARD", options, now })).toMatchObject({ maxCardInstallmentPlan: null, freeInstallmentPlans: null })
    expect(() => read({ maxCardInstallmentPlan: 1 }, "CARD", options)).toThrow(/0 \(lump sum only\) or 2 to 12/)
  })

  it("decides escrow by the store's option, for cash methods only", () => {
    const escrowProducts = [{ id: "cali_1", name: "도서", code: "BOOK-1", unitPrice: 18000, quantity: 1 }]
    expect(read({ escrowProducts }, "TRANSFER", { escrow: "always" })).toMatchObject({ useEscrow: true, escrowProducts })
    expect(() => read({}, "TRANSFER", { escrow: "always" })).toThrow(/needs the cart's products/)
    expect(read({}, "TRANSFER", { escrow: "offered" }).useEscrow).toBe(false)
    expect(read({}, "CARD", { escrow: "always" }).useEscrow).toBeNull()
    expect(() => read({ useEscrow: true }, "TRANSFER", {})).toThrow(/does not offer escrow/)
  })

  it("takes a virtual account's validHours or dueDate, never both, within Toss's limits", () => {
    expect(read({ validHours: 2160 }).validHours).toBe(2160)
    expect(read({ dueDate: "2026-12-24T23:59:59" }).dueDate).toBe("2026-12-24T23:59:59")
    expect(() => read({ dueDate: "2027-04-01T00:00:00" })).toThrow(/next 90 days/)
    expect(() => read({ dueDate: "2026-02-30T00:00:00" })).toThrow(/next 90 days/)
    expect(() => read({ validHours: 1, dueDate: "2026-12-24T23:59:59" })).toThrow(/not both/)
  })
})

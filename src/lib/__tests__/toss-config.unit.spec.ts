import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isTossProviderId, tossAccount, tossAccounts, tossBillingAccount } from "../toss-config"

const KEYS = { secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R", clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq" }
/** Another provider's module, as medusa-config may list it beside Toss (here with the same registration id). */
const stripeLike = { services: [class StripeLike { static identifier = "stripe" }] }

function containerWith(providers: unknown[]): MedusaContainer {
  const config = { modules: { [Modules.PAYMENT]: { resolve: "@medusajs/medusa/payment", options: { providers } } } }
  return { resolve: (key: string) => (key === ContainerRegistrationKeys.CONFIG_MODULE ? config : undefined) } as unknown as MedusaContainer
}

describe("isTossProviderId", () => {
  it("recognises a Toss registration by its identifier, whatever the store's id", () => {
    expect(["pp_toss_toss", "pp_toss_shop", "pp_toss_billing_kr"].every(isTossProviderId)).toBe(true)
    expect([undefined, null, 7, "", "pp_toss_", "pp_stripe_toss", "toss_toss", "pp_system_default"].some(isTossProviderId)).toBe(false)
  })
})

describe("tossAccounts", () => {
  const container = containerWith([
    { resolve: "./src/providers/toss", id: "shop", options: { ...KEYS, billing: true } },
    { resolve: stripeLike, id: "shop", options: { apiKey: "sk_test_x" } },
    { resolve: "./src/providers/toss", id: "outlet", options: KEYS },
    { resolve: "./no/such/module", id: "gone", options: KEYS },
  ])

  it("lists each Toss registration of the payment module with its provider id, webhook name and options, and no other provider's", () => {
    expect(tossAccounts(container)).toEqual([
      { providerId: "pp_toss_shop", webhookProvider: "toss_shop", options: { ...KEYS, billing: true } },
      { providerId: "pp_toss_outlet", webhookProvider: "toss_outlet", options: KEYS },
    ])
  })

  it("finds a session's account by its provider_id, and refuses any other id with the registered ones named", () => {
    expect(tossAccount(container, "pp_toss_outlet").options).toBe(KEYS)
    expect(() => tossAccount(container, "pp_stripe_shop")).toThrow("pp_stripe_shop is not a Toss payment provider registered in the payment module of medusa-config (pp_toss_shop, pp_toss_outlet)")
  })

  it("saves cards with the account the storefront names, else the only one with billing on", () => {
    expect(tossBillingAccount(container).providerId).toBe("pp_toss_shop")
    expect(tossBillingAccount(container, "pp_toss_outlet").providerId).toBe("pp_toss_outlet")
    expect(() => tossBillingAccount(container, 12)).toThrow("provider_id must be the id of a Toss payment provider")
    const two = containerWith([
      { resolve: "./src/providers/toss", id: "a", options: { ...KEYS, billing: true } },
      { resolve: "./src/providers/toss", id: "b", options: { ...KEYS, billing: true } },
    ])
    expect(() => tossBillingAccount(two)).toThrow("send provider_id, one of pp_toss_a, pp_toss_b")
  })
})

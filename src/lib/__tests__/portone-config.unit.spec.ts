import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { isPortOneProviderId, portOneAccount, portOneAccounts, portOneClient } from "../portone-config"

const OPTIONS = {
  storeId: "store-00000000-0000-4000-8000-000000000000",
  apiSecret: "portone-api-secret",
  webhookSecret: "whsec_c2VjcmV0",
  channelKeys: ["channel-key-00000000-0000-4000-8000-00000000a001"],
}
const stripeLike = { services: [class StripeLike { static identifier = "stripe" }] }

function containerWith(providers: unknown[]): MedusaContainer {
  const config = { modules: { [Modules.PAYMENT]: { resolve: "@medusajs/medusa/payment", options: { providers } } } }
  return { resolve: (key: string) => (key === ContainerRegistrationKeys.CONFIG_MODULE ? config : undefined) } as unknown as MedusaContainer
}

describe("isPortOneProviderId", () => {
  it("recognises a PortOne registration by its identifier, whatever the store's id", () => {
    expect(["pp_portone_portone", "pp_portone_shop"].every(isPortOneProviderId)).toBe(true)
    expect([undefined, null, 7, "", "pp_portone_", "pp_toss_portone", "portone_portone"].some(isPortOneProviderId)).toBe(false)
  })
})

describe("portOneAccounts", () => {
  const container = containerWith([
    { resolve: "./src/providers/toss", id: "toss", options: { secretKey: "test_sk_x", clientKey: "test_ck_x" } },
    { resolve: "./src/providers/portone", id: "portone", options: OPTIONS },
    { resolve: stripeLike, id: "portone", options: { apiKey: "sk_test_x" } },
    { resolve: "./no/such/module", id: "gone", options: OPTIONS },
  ])

  it("lists each PortOne registration with its provider id, webhook name and options, and no other provider's", () => {
    expect(portOneAccounts(container)).toEqual([{ providerId: "pp_portone_portone", webhookProvider: "portone_portone", options: OPTIONS }])
  })

  it("finds a session's account by its provider_id, and refuses any other id with a 4xx naming the registered ones", () => {
    expect(portOneAccount(container, "pp_portone_portone").options).toBe(OPTIONS)
    expect(() => portOneAccount(container, "pp_toss_toss")).toThrow(
      expect.objectContaining({ type: "invalid_data", message: expect.stringContaining("pp_toss_toss is not a PortOne payment provider registered in the payment module of medusa-config (pp_portone_portone)") })
    )
  })

  it("gives one shared client per registration", () => {
    expect(portOneClient(container, "pp_portone_portone")).toBe(portOneClient(container, "pp_portone_portone"))
    expect(() => portOneClient(container, undefined)).toThrow("no provider is not a PortOne payment provider")
  })
})

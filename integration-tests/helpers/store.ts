import {
  createApiKeysWorkflow,
  createCartWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { tossProviderId } from "../../src/lib/toss-provider-id"

/** The test application registers Toss with `id: "toss"` (medusa-config.ts). */
export const TOSS_PROVIDER_ID = tossProviderId("toss")

export interface TestStore {
  regionId: string
  usdRegionId: string
  salesChannelId: string
  publishableKey: string
}

/**
 * A Korean store: a KRW region offering Toss, a USD region that also lists
 * Toss (to prove the provider refuses it), a sales channel and its
 * publishable key. `providers`: the Toss registrations the regions offer.
 */
export async function createTestStore(container: MedusaContainer, providers: string[] = [TOSS_PROVIDER_ID]): Promise<TestStore> {
  const {
    result: [salesChannel],
  } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Korea web" }] } })
  const { result: regions } = await createRegionsWorkflow(container).run({
    input: {
      regions: [
        { name: "Korea", currency_code: "krw", countries: ["kr"], payment_providers: providers },
        { name: "United States", currency_code: "usd", countries: ["us"], payment_providers: providers },
      ],
    },
  })
  const {
    result: [apiKey],
  } = await createApiKeysWorkflow(container).run({
    input: { api_keys: [{ title: "Korea web", type: "publishable", created_by: "" }] },
  })
  await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })
  return {
    regionId: regions.find((region) => region.currency_code === "krw")!.id,
    usdRegionId: regions.find((region) => region.currency_code === "usd")!.id,
    salesChannelId: salesChannel.id,
    publishableKey: apiKey.token,
  }
}

/** A cart with one item that needs no shipping, so its total is `amount`. */
export async function createCart(
  container: MedusaContainer,
  store: TestStore,
  { amount, regionId = store.regionId }: { amount: number; regionId?: string }
): Promise<string> {
  const { result: cart } = await createCartWorkflow(container).run({
    input: {
      region_id: regionId,
      sales_channel_id: store.salesChannelId,
      email: "shopper@example.com",
      items: [{ title: "제주 감귤 5kg", quantity: 1, unit_price: amount, requires_shipping: false }],
    },
  })
  return cart.id
}

/** An admin user, logged in through Medusa's own auth route; returns request headers. */
export async function adminHeaders(container: MedusaContainer, api: any): Promise<{ headers: Record<string, string> }> {
  const email = `operator-${Date.now()}@example.com`
  const password = "operator-password"
  const registered = await api.post("/auth/user/emailpass/register", { email, password })
  const authIdentityId = decodeJwt(registered.data.token).auth_identity_id
  await createUserAccountWorkflow(container).run({ input: { authIdentityId, userData: { email } } })
  const login = await api.post("/auth/user/emailpass", { email, password })
  return { headers: { authorization: `Bearer ${login.data.token}` } }
}

function decodeJwt(token: string): Record<string, string> {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString())
}

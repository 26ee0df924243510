/**
 * The demo store: a Korean shop selling in won through Toss.
 *
 *   npx medusa exec ./demo/seed.ts      (npm run demo runs it once per database)
 *
 * Every step finds what an earlier run created before creating it, so a seed
 * that stopped half-way can simply run again. The last step marks the store
 * as seeded (`store.metadata.toss_demo_seeded`), which the demo runner checks
 * to skip this script on later starts.
 */
import {
  createCustomerAccountWorkflow,
  createInventoryLevelsWorkflow,
  createProductsWorkflow,
  createRegionsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createUserAccountWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import type { ExecArgs, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules, ProductStatus } from "@medusajs/framework/utils"
import { DEMO_ADMIN, DEMO_CUSTOMER, PORTONE_PROVIDER_ID, SEEDED_MARKER, TOSS_PROVIDER_ID } from "./constants"


const STOCK_LOCATION_NAME = "서울 물류센터"
const FULFILLMENT_SET_NAME = "서울 물류센터 택배"
const SHIPPING_OPTION_NAME = "일반배송"
const SHIPPING_FEE = 3000
/** Orders of this many won or more ship free, as many Korean shops do. */
const FREE_SHIPPING_FROM = 50000
const STOCK_PER_VARIANT = 1000

interface DemoProduct {
  handle: string
  title: string
  subtitle: string
  description: string
  price: number
  image: string
}

/** A flat illustration on a soft background; no network is needed to show it. */
function illustration(background: string, shapes: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300" fill="${background}"/>${shapes}</svg>`
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`
}

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    handle: "jeju-tangerine-5kg",
    title: "제주 감귤 5kg",
    subtitle: "서귀포 노지 감귤, 로얄과",
    description: "제주 서귀포에서 겨울 햇살을 받고 자란 노지 감귤입니다. 껍질이 얇고 새콤달콤해요.",
    price: 15000,
    image: illustration(
      "#fff4e6",
      `<circle cx="165" cy="170" r="70" fill="#ff922b"/><circle cx="245" cy="185" r="58" fill="#fd7e14"/>` +
        `<ellipse cx="180" cy="95" rx="26" ry="12" fill="#40c057" transform="rotate(-25 180 95)"/>` +
        `<circle cx="140" cy="150" r="10" fill="#ffc078" opacity=".7"/><circle cx="228" cy="168" r="8" fill="#ffc078" opacity=".7"/>`
    ),
  },
  {
    handle: "organic-green-tea",
    title: "유기농 녹차 티백",
    subtitle: "보성 첫물차 · 25개입",
    description: "보성 유기농 다원에서 처음 딴 찻잎으로 만든 녹차 티백입니다. 은은하고 깔끔한 맛이에요.",
    price: 12000,
    image: illustration(
      "#ebfbee",
      `<path d="M120 130h140v60a70 70 0 0 1-140 0z" fill="#2f9e44"/>` +
        `<path d="M260 145h18a24 24 0 0 1 0 48h-18" fill="none" stroke="#2f9e44" stroke-width="12"/>` +
        `<ellipse cx="190" cy="130" rx="70" ry="10" fill="#8ce99a"/>` +
        `<path d="M165 105c-10-15 10-25 0-40M200 105c-10-15 10-25 0-40M235 105c-10-15 10-25 0-40" fill="none" stroke="#b2f2bb" stroke-width="6" stroke-linecap="round"/>`
    ),
  },
  {
    handle: "hanwoo-bulgogi-set",
    title: "한우 불고기 세트",
    subtitle: "1++ 한우 · 양념 포함 1kg",
    description: "1++ 등급 한우를 얇게 썰어 배·간장 양념과 함께 담았어요. 선물용 보냉 포장으로 보내드려요.",
    price: 59000,
    image: illustration(
      "#fff5f5",
      `<ellipse cx="200" cy="180" rx="130" ry="60" fill="#f1f3f5"/><ellipse cx="200" cy="172" rx="105" ry="44" fill="#fff"/>` +
        `<path d="M130 170c20-30 50-10 70-25s50 5 70 20c-20 25-50 10-70 25s-50-5-70-20z" fill="#a61e4d"/>` +
        `<path d="M150 160c15-12 35-4 50-10M190 178c15-8 35-2 50-10" stroke="#f783ac" stroke-width="4" fill="none" stroke-linecap="round"/>` +
        `<circle cx="245" cy="150" r="6" fill="#37b24d"/><circle cx="160" cy="190" r="5" fill="#37b24d"/>`
    ),
  },
  {
    handle: "handmade-yakgwa",
    title: "수제 약과",
    subtitle: "국산 조청 · 10개입",
    description: "국산 밀과 조청으로 매일 조금씩 빚는 전통 약과입니다. 쫀득하고 고소해요.",
    price: 8900,
    image: illustration(
      "#fff9db",
      [0, 60, 120, 180, 240, 300]
        .map((a) => {
          const rad = (a * Math.PI) / 180
          return `<circle cx="${200 + 45 * Math.cos(rad)}" cy="${150 + 45 * Math.sin(rad)}" r="38" fill="#e67700"/>`
        })
        .join("") + `<circle cx="200" cy="150" r="55" fill="#f08c00"/><circle cx="200" cy="150" r="14" fill="#ffd43b"/>`
    ),
  },
  {
    handle: "goheung-yuja-tea",
    title: "고흥 유자차",
    subtitle: "유자청 1kg",
    description: "전남 고흥 유자를 껍질째 채 썰어 설탕에 재운 유자청입니다. 따뜻한 물에 타 드세요.",
    price: 13500,
    image: illustration(
      "#fff9db",
      `<rect x="140" y="95" width="120" height="150" rx="22" fill="#fab005"/><rect x="150" y="70" width="100" height="30" rx="8" fill="#e67700"/>` +
        `<rect x="160" y="140" width="80" height="60" rx="10" fill="#fff3bf"/><circle cx="200" cy="170" r="18" fill="#fcc419"/>`
    ),
  },
]

export default async function seedDemoStore({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { select: ["id", "metadata"] })
  if (store.metadata?.[SEEDED_MARKER]) {
    logger.info("The demo store is already seeded.")
    return
  }

  const salesChannelId = await defaultSalesChannel(container)
  await linkPublishableKeys(container, salesChannelId)
  const regionId = await koreaRegion(container)
  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        name: "메두사 상점",
        supported_currencies: [{ currency_code: "krw", is_default: true }],
        default_sales_channel_id: salesChannelId,
        default_region_id: regionId,
      },
    },
  })
  const stockLocationId = await stockLocation(container, salesChannelId)
  const shippingProfileId = await defaultShippingProfile(container)
  await shippingOption(container, stockLocationId, shippingProfileId)
  await products(container, salesChannelId, shippingProfileId)
  await inventoryLevels(container, stockLocationId)
  await adminUser(container)
  await demoCustomer(container)

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: { metadata: { ...store.metadata, [SEEDED_MARKER]: new Date().toISOString() } },
    },
  })
  logger.info("The demo store is seeded.")
}

/** Medusa creates "Default Sales Channel" on its first start (also under `medusa exec`). */
async function defaultSalesChannel(container: MedusaContainer): Promise<string> {
  const salesChannelModule = container.resolve(Modules.SALES_CHANNEL)
  const [channel] = await salesChannelModule.listSalesChannels({ name: "Default Sales Channel" })
  if (!channel) {
    throw new Error("Medusa's Default Sales Channel is missing: it is created when Medusa first starts.")
  }
  return channel.id
}

/** Every publishable key must see the channel holding the products, or the shop is empty. */
async function linkPublishableKeys(container: MedusaContainer, salesChannelId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["id", "sales_channels.id"],
    filters: { type: "publishable" },
  })
  for (const key of keys) {
    if (!key.sales_channels?.some((channel: { id: string } | null) => channel?.id === salesChannelId)) {
      await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: key.id, add: [salesChannelId] } })
    }
  }
}

/** The region pays with Toss, and with PortOne where the application registers it (the demo does; the cluster tests and the bench do not). */
async function koreaRegion(container: MedusaContainer): Promise<string> {
  const regionModule = container.resolve(Modules.REGION)
  const [existing] = await regionModule.listRegions({ currency_code: "krw" })
  if (existing) return existing.id
  const registered = await container.resolve(Modules.PAYMENT).listPaymentProviders({ id: [TOSS_PROVIDER_ID, PORTONE_PROVIDER_ID] })
  const { result } = await createRegionsWorkflow(container).run({
    input: {
      regions: [{ name: "대한민국", currency_code: "krw", countries: ["kr"], payment_providers: registered.map((provider) => provider.id) }],
    },
  })
  return result[0].id
}

async function stockLocation(container: MedusaContainer, salesChannelId: string): Promise<string> {
  const stockLocationModule = container.resolve(Modules.STOCK_LOCATION)
  const [existing] = await stockLocationModule.listStockLocations({ name: STOCK_LOCATION_NAME })
  if (existing) return existing.id
  const { result } = await createStockLocationsWorkflow(container).run({
    input: {
      locations: [
        {
          name: STOCK_LOCATION_NAME,
          address: { country_code: "KR", city: "서울특별시", address_1: "송파구 문정로 1", postal_code: "05836" },
        },
      ],
    },
  })
  const location = result[0]
  const link = container.resolve(ContainerRegistrationKeys.LINK)
  await link.create({
    [Modules.STOCK_LOCATION]: { stock_location_id: location.id },
    [Modules.FULFILLMENT]: { fulfillment_provider_id: "manual_manual" },
  })
  await linkSalesChannelsToStockLocationWorkflow(container).run({ input: { id: location.id, add: [salesChannelId] } })
  return location.id
}

/** Medusa's migrations create a default shipping profile; create one only if it is missing. */
async function defaultShippingProfile(container: MedusaContainer): Promise<string> {
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  const [existing] = await fulfillmentModule.listShippingProfiles({ type: "default" })
  if (existing) return existing.id
  const { result } = await createShippingProfilesWorkflow(container).run({
    input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
  })
  return result[0].id
}

/** Parcel delivery anywhere in Korea: 3,000원, free from 50,000원. */
async function shippingOption(container: MedusaContainer, stockLocationId: string, shippingProfileId: string) {
  const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
  let [fulfillmentSet] = await fulfillmentModule.listFulfillmentSets(
    { name: FULFILLMENT_SET_NAME },
    { relations: ["service_zones"] }
  )
  if (!fulfillmentSet) {
    fulfillmentSet = await fulfillmentModule.createFulfillmentSets({
      name: FULFILLMENT_SET_NAME,
      type: "shipping",
      service_zones: [{ name: "대한민국", geo_zones: [{ type: "country", country_code: "kr" }] }],
    })
    const link = container.resolve(ContainerRegistrationKeys.LINK)
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
      [Modules.FULFILLMENT]: { fulfillment_set_id: fulfillmentSet.id },
    })
  }
  const [existing] = await fulfillmentModule.listShippingOptions({ name: SHIPPING_OPTION_NAME })
  if (existing) return
  await createShippingOptionsWorkflow(container).run({
    input: [
      {
        name: SHIPPING_OPTION_NAME,
        price_type: "flat",
        provider_id: "manual_manual",
        service_zone_id: fulfillmentSet.service_zones[0].id,
        shipping_profile_id: shippingProfileId,
        type: { label: "일반배송", description: "CJ대한통운 · 1~2일 이내 도착", code: "standard" },
        prices: [
          { currency_code: "krw", amount: SHIPPING_FEE },
          {
            currency_code: "krw",
            amount: 0,
            rules: [{ attribute: "item_total", operator: "gte", value: FREE_SHIPPING_FROM }],
          },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" },
          { attribute: "is_return", value: "false", operator: "eq" },
        ],
      },
    ],
  })
}

async function products(container: MedusaContainer, salesChannelId: string, shippingProfileId: string) {
  const productModule = container.resolve(Modules.PRODUCT)
  const existing = await productModule.listProducts({ handle: DEMO_PRODUCTS.map((p) => p.handle) }, { select: ["handle"] })
  const missing = DEMO_PRODUCTS.filter((product) => !existing.some((e) => e.handle === product.handle))
  if (!missing.length) return
  await createProductsWorkflow(container).run({
    input: {
      products: missing.map((product) => ({
        title: product.title,
        subtitle: product.subtitle,
        description: product.description,
        handle: product.handle,
        status: ProductStatus.PUBLISHED,
        thumbnail: product.image,
        images: [{ url: product.image }],
        shipping_profile_id: shippingProfileId,
        // One variant each, named the way Medusa names a product without options.
        options: [{ title: "Default option", values: ["Default option value"] }],
        variants: [
          {
            title: "Default variant",
            sku: product.handle.toUpperCase(),
            options: { "Default option": "Default option value" },
            manage_inventory: true,
            prices: [{ currency_code: "krw", amount: product.price }],
          },
        ],
        sales_channels: [{ id: salesChannelId }],
      })),
    },
  })
}

/** Stock for every inventory item that has none at the demo location yet. */
async function inventoryLevels(container: MedusaContainer, stockLocationId: string) {
  const inventoryModule = container.resolve(Modules.INVENTORY)
  const items = await inventoryModule.listInventoryItems({}, { select: ["id"] })
  const levels = await inventoryModule.listInventoryLevels({ location_id: stockLocationId }, { select: ["inventory_item_id"] })
  const stocked = new Set(levels.map((level) => level.inventory_item_id))
  const missing = items.filter((item) => !stocked.has(item.id))
  if (!missing.length) return
  await createInventoryLevelsWorkflow(container).run({
    input: {
      inventory_levels: missing.map((item) => ({
        inventory_item_id: item.id,
        location_id: stockLocationId,
        stocked_quantity: STOCK_PER_VARIANT,
      })),
    },
  })
}

/** What `medusa user -e … -p …` does, without booting Medusa a second time. */
async function adminUser(container: MedusaContainer) {
  const userModule = container.resolve(Modules.USER)
  const [existing] = await userModule.listUsers({ email: DEMO_ADMIN.email })
  if (existing) return
  const authModule = container.resolve(Modules.AUTH)
  const { authIdentity, error } = await authModule.register("emailpass", {
    body: { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password },
  })
  if (error || !authIdentity) {
    throw new Error(`Could not register the demo admin: ${error}`)
  }
  await createUserAccountWorkflow(container).run({
    input: {
      authIdentityId: authIdentity.id,
      userData: { email: DEMO_ADMIN.email, first_name: "데모", last_name: "관리자" },
    },
  })
}

/** A storefront account (Medusa's email login), for saved cards and one-click payment. */
async function demoCustomer(container: MedusaContainer) {
  const customerModule = container.resolve(Modules.CUSTOMER)
  const [existing] = await customerModule.listCustomers({ email: DEMO_CUSTOMER.email, has_account: true })
  if (existing) return
  const { authIdentity, error } = await container.resolve(Modules.AUTH).register("emailpass", {
    body: { email: DEMO_CUSTOMER.email, password: DEMO_CUSTOMER.password },
  })
  if (error || !authIdentity) {
    throw new Error(`Could not register the demo customer: ${error}`)
  }
  await createCustomerAccountWorkflow(container).run({
    input: {
      authIdentityId: authIdentity.id,
      customerData: { email: DEMO_CUSTOMER.email, first_name: DEMO_CUSTOMER.first_name, last_name: DEMO_CUSTOMER.last_name, phone: "010-1234-5678" },
    },
  })
}

import type { TestStore } from "./store"

export interface TestCustomer {
  id: string
  email: string
  /** The customer's own store requests: logged in, with the publishable key. */
  headers: Record<string, string>
}

/** A customer with an account, registered and logged in through Medusa's own auth routes. */
export async function registerCustomer(api: any, store: TestStore, name: string): Promise<TestCustomer> {
  const email = `${name}-${Date.now()}@example.com`
  const password = "customer-password"
  const publishable = { "x-publishable-api-key": store.publishableKey }
  const registered = await api.post("/auth/customer/emailpass/register", { email, password })
  const {
    data: { customer },
  } = await api.post("/store/customers", { email, first_name: "길동", last_name: "홍" }, { headers: { ...publishable, authorization: `Bearer ${registered.data.token}` } })
  const login = await api.post("/auth/customer/emailpass", { email, password })
  return { id: customer.id, email, headers: { ...publishable, authorization: `Bearer ${login.data.token}` } }
}

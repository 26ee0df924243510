/** What the sandbox's unit tests share: a sandbox per test, a bare API client, a webhook receiver, a fake browser. */
import http from "node:http"
import { AddressInfo } from "node:net"
import vm from "node:vm"
import { AuthenticateInput, startTossSandbox, TossPayment, TossSandbox, TossSandboxOptions } from ".."

/** Toss's times: Korean time with its offset. */
export const KST_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/
export const TRANSACTION_KEY = /^[0-9A-F]{32}$/

let orderCounter = 0
export function newOrderId(): string {
  orderCounter += 1
  return `order_${Date.now()}_${orderCounter}`
}

export interface Answer {
  status: number
  body: any
}

export type Api = ReturnType<typeof client>

/** A Toss API client as thin as possible: what goes over the wire is what the test sees. */
export function client(sandbox: TossSandbox, secretKey = sandbox.merchants[0].secretKey) {
  const authorization = "Basic " + Buffer.from(secretKey + ":").toString("base64")
  return async function call(
    method: "GET" | "POST" | "DELETE",
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {}
  ): Promise<Answer> {
    const response = await fetch(sandbox.url + path, {
      method,
      headers: { authorization, "content-type": "application/json", ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
    const text = await response.text()
    return { status: response.status, body: text === "" ? null : JSON.parse(text) }
  }
}

/**
 * A fresh sandbox for each test (webhooks off, no consecutive-request wait
 * unless asked), closed after the file.
 */
export function useSandbox() {
  const state = {} as { toss: TossSandbox; api: Api }
  async function start(options: TossSandboxOptions = {}) {
    await state.toss?.close()
    state.toss = await startTossSandbox({ consecutiveRequestWindowMs: 0, webhooks: false, ...options })
    state.api = client(state.toss)
    return state
  }
  beforeEach(() => start())
  afterAll(() => state.toss.close())

  /** The store's confirm of what the window handed to successUrl. */
  function confirm(authenticated: { paymentKey: string; orderId: string; amount: number }, headers = {}) {
    return state.api("POST", "/v1/payments/confirm", { body: authenticated, headers })
  }

  /** Authenticate and confirm through the API, as a store would. */
  async function confirmedPayment(input: Partial<AuthenticateInput> = {}): Promise<TossPayment> {
    const { status, body } = await confirm(state.toss.authenticate({ orderId: newOrderId(), amount: 15000, ...input }))
    expect([status, body.code]).toEqual([200, undefined])
    return body
  }
  return { state, start, confirm, confirmedPayment }
}

/** A local webhook receiver that answers with the statuses it is given, then 200. */
export async function startReceiver(statuses: number[] = []) {
  const received: Array<{ headers: http.IncomingHttpHeaders; body: any }> = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(raw) })
      res.writeHead(statuses.shift() ?? 200)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/toss`
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) }
}

/** A form post to the window, as the shopper's browser sends it; the redirect is not followed. */
export function submitWindow(windowUrl: string, fields: Record<string, string>) {
  return fetch(windowUrl, { method: "POST", redirect: "manual", body: new URLSearchParams(fields) })
}

/** Just enough of a browser to run the SDK script (and the official loader) against the sandbox. */
export function fakeBrowser({ userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0" } = {}) {
  const elements: Record<string, any> = {}
  const navigations: string[] = []
  const messageListeners: Array<(event: unknown) => void> = []
  function element(tag: string): any {
    const listeners: Record<string, Array<(event: unknown) => void>> = {}
    const attributes: Record<string, string> = {}
    return {
      tag,
      children: [] as any[],
      innerHTML: "",
      style: {},
      attributes,
      setAttribute: (name: string, value: string) => (attributes[name] = value),
      addEventListener: (type: string, fn: (event: unknown) => void) => (listeners[type] ??= []).push(fn),
      removeEventListener: () => undefined,
      dispatch: (type: string, event: unknown) => (listeners[type] ?? []).forEach((fn) => fn(event)),
      /** The widget reads its refund account fields by name; tests set them in `fields`. */
      fields: {} as Record<string, string>,
      querySelector(selector: string) {
        const name = /\[name=([^\]]+)\]/.exec(selector)?.[1]
        return name && name in this.fields ? { value: this.fields[name] } : null
      },
      appendChild(child: any) {
        this.children.push(child)
        child.parentElement = this
        return child
      },
      remove() {
        this.parentElement.children.splice(this.parentElement.children.indexOf(this), 1)
      },
    }
  }
  const window: any = {
    location: { assign: (url: string) => navigations.push(url) },
    addEventListener: (type: string, fn: (event: unknown) => void) => type === "message" && messageListeners.push(fn),
    removeEventListener: (_type: string, fn: (event: unknown) => void) =>
      messageListeners.splice(messageListeners.indexOf(fn), 1),
  }
  const document: any = {
    head: element("head"),
    body: element("body"),
    createElement: element,
    getElementById: () => null,
    querySelector: (selector: string) => elements[selector] ?? null,
  }
  window.document = document
  const navigator = { userAgent }
  const run = (code: string) => vm.runInNewContext(code, { window, document, navigator, URLSearchParams, fetch })
  /** A message from the window in the iframe, as the browser would deliver it. */
  const postFromWindow = (origin: string, data: unknown) => [...messageListeners].forEach((fn) => fn({ origin, data }))
  /** The iframe the SDK put over the page, if any. */
  const frame = () => document.body.children[0]?.children[0]
  return { window, document, elements, navigations, element, run, postFromWindow, frame, messageListeners }
}

/** A fake browser with the sandbox's SDK script loaded. */
export async function loadSdk(toss: TossSandbox, options: { userAgent?: string } = {}) {
  const browser = fakeBrowser(options)
  browser.run(await (await fetch(`${toss.url}/v2/standard`)).text())
  return browser
}

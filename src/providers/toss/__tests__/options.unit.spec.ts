import { keysFor, validateOptions } from "../options"

const keys = {
  secretKey: "test_sk_zXLkKEypNArWmo50nX3lmeaxYG5R",
  clientKey: "test_ck_D5GePWvyJnrK0W0k6q8gLzN97Eoq",
  widgetSecretKey: "test_gsk_docs_OaPz8L5KdmQXkzRz3y47BMw6",
  widgetClientKey: "test_gck_docs_Ovk5rk1EwkEbP0W43n07xlzm",
}

describe("validateOptions", () => {
  it("accepts an API key pair, a widget pair, or both", () => {
    expect(() => validateOptions({ secretKey: keys.secretKey, clientKey: keys.clientKey })).not.toThrow()
    expect(() => validateOptions({ secretKey: keys.widgetSecretKey, clientKey: keys.widgetClientKey })).not.toThrow()
    expect(() => validateOptions(keys)).not.toThrow()
  })

  it("stops the boot when the secret key is missing, naming the option", () => {
    expect(() => validateOptions({})).toThrow(/option `secretKey` is missing/)
    expect(() => validateOptions({ secretKey: "" })).toThrow(/`secretKey` is missing/)
  })

  it("refuses a client key given as the secret, and a secret given as the client key", () => {
    expect(() => validateOptions({ secretKey: keys.clientKey })).toThrow(/`secretKey` holds a client key .*needs the secret key/)
    expect(() => validateOptions({ secretKey: keys.secretKey, clientKey: keys.secretKey })).toThrow(
      /`clientKey` holds a secret key .*must never reach the storefront/
    )
    expect(() => validateOptions({ ...keys, widgetClientKey: keys.widgetSecretKey })).toThrow(/`widgetClientKey` holds a secret key/)
  })

  it("refuses keys of the two integrations crossed over", () => {
    expect(() => validateOptions({ secretKey: keys.secretKey, clientKey: keys.widgetClientKey })).toThrow(/`clientKey`/)
  })

  it("refuses mixed test and live keys", () => {
    expect(() => validateOptions({ secretKey: "live_sk_fake", clientKey: keys.clientKey })).toThrow(
      /`clientKey` is a test key but `secretKey` is a live key/
    )
  })

  it("refuses half a widget pair and malformed numbers and URLs", () => {
    expect(() => validateOptions({ ...keys, widgetClientKey: undefined })).toThrow(/`widgetClientKey` is missing/)
    expect(() => validateOptions({ secretKey: keys.secretKey, apiBaseUrl: "api.tosspayments.com" })).toThrow(/`apiBaseUrl` must be an http\(s\) URL/)
    expect(() => validateOptions({ secretKey: keys.secretKey, timeoutMs: -5 })).toThrow(/`timeoutMs` must be a positive whole number/)
    expect(() => validateOptions({ secretKey: "sk_123" })).toThrow(/`secretKey` is not a Toss key/)
  })
})

describe("billing", () => {
  it("is turned on with the API key pair", () => {
    expect(() => validateOptions({ secretKey: keys.secretKey, clientKey: keys.clientKey, billing: true })).not.toThrow()
    expect(() => validateOptions({ ...keys, billing: true })).not.toThrow()
  })

  it("refuses the widget pair, a missing client key and a value that is not true or false", () => {
    expect(() => validateOptions({ secretKey: keys.widgetSecretKey, clientKey: keys.widgetClientKey, billing: true })).toThrow(
      /option `billing` needs the API individual key pair.*test_sk_/
    )
    expect(() => validateOptions({ secretKey: keys.secretKey, billing: true })).toThrow(/`billing` needs `clientKey`/)
    expect(() => validateOptions({ secretKey: keys.secretKey, clientKey: keys.clientKey, billing: "yes" })).toThrow(/`billing` must be true or false/)
  })
})

describe("apiBaseUrl", () => {
  it("refuses plain http anywhere but this machine: the secret key would travel in clear text", () => {
    expect(() => validateOptions({ secretKey: keys.secretKey, apiBaseUrl: "http://toss-proxy.internal" })).toThrow(/must use https/)
    expect(() => validateOptions({ secretKey: keys.secretKey, apiBaseUrl: "http://10.0.0.5:9010" })).toThrow(/must use https/)
    for (const url of ["https://api.tosspayments.com", "http://127.0.0.1:9010", "http://localhost:9010", "http://[::1]:9010"]) {
      expect(() => validateOptions({ secretKey: keys.secretKey, apiBaseUrl: url })).not.toThrow()
    }
  })
})

describe("keysFor", () => {
  it("confirms each integration with the secret of its own pair", () => {
    expect(keysFor(keys, "payment")).toEqual({ secretKey: keys.secretKey, clientKey: keys.clientKey })
    expect(keysFor(keys, "widget")).toEqual({ secretKey: keys.widgetSecretKey, clientKey: keys.widgetClientKey })
    expect(keysFor({ secretKey: keys.secretKey }, "widget")).toBeNull()
    expect(keysFor({ secretKey: keys.widgetSecretKey, clientKey: keys.widgetClientKey }, "payment")).toBeNull()
  })
})

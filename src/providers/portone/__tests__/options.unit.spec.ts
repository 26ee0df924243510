import { PORTONE_TEST_API_SECRET, PORTONE_TEST_CHANNELS, PORTONE_TEST_STORE_ID, PORTONE_TEST_WEBHOOK_SECRET } from "../../../../sandbox/portone"
import { checkWebhookSecret } from "../../../portone/webhook"
import { clientOptions, validateOptions, webhookSecrets } from "../options"

const valid = {
  storeId: "store-4ff4af41-85e3-4559-8eb8-0d08a2c6ceec",
  apiSecret: PORTONE_TEST_API_SECRET,
  webhookSecret: PORTONE_TEST_WEBHOOK_SECRET,
  channelKeys: ["channel-key-9987cb87-6458-4888-b94e-68d9a2da896d"],
}

describe("validateOptions (PortOne)", () => {
  it("accepts a store id, an API secret, a webhook secret (or two while rotating) and channel keys", () => {
    expect(() => validateOptions(valid)).not.toThrow()
    expect(() => validateOptions({ ...valid, webhookSecret: [valid.webhookSecret, "whsec_c2Vjb25k"], billingChannelKey: valid.channelKeys[0] })).not.toThrow()
    expect(() => validateOptions({ ...valid, apiBaseUrl: "http://127.0.0.1:9020", timeoutMs: 1000, maxRetries: 0 })).not.toThrow()
  })

  it("accepts the sandbox's store, secrets and channels, as a demo or test store configures them", () => {
    const sandbox = { storeId: PORTONE_TEST_STORE_ID, apiSecret: PORTONE_TEST_API_SECRET, webhookSecret: PORTONE_TEST_WEBHOOK_SECRET }
    expect(() => validateOptions({ ...sandbox, channelKeys: PORTONE_TEST_CHANNELS.map((channel) => channel.key), apiBaseUrl: "http://127.0.0.1:9020" })).not.toThrow()
  })

  it("stops the boot when a required option is missing, naming it", () => {
    for (const option of ["storeId", "apiSecret", "webhookSecret", "channelKeys"]) {
      expect(() => validateOptions({ ...valid, [option]: undefined })).toThrow(new RegExp(`option \`${option}\` is missing`))
    }
  })

  it("refuses values of the wrong kind, saying what was expected", () => {
    expect(() => validateOptions({ ...valid, storeId: "imp12345678" })).toThrow(/`storeId` is not a PortOne store id \(expected store-<uuid>\)/)
    expect(() => validateOptions({ ...valid, apiSecret: valid.webhookSecret })).toThrow(/`apiSecret` holds a webhook secret/)
    expect(() => validateOptions({ ...valid, apiSecret: "secret with space" })).toThrow(/`apiSecret` contains white space/)
    expect(() => validateOptions({ ...valid, webhookSecret: "whsec_not base64!" })).toThrow(/`webhookSecret` is not a PortOne webhook secret/)
    expect(() => validateOptions({ ...valid, webhookSecret: [valid.webhookSecret, "whsec_YQ==", "whsec_Yg=="] })).toThrow(/`webhookSecret` must be one secret, or two/)
    expect(() => validateOptions({ ...valid, channelKeys: ["tosspay_v2.MID"] })).toThrow(/`channelKeys` must hold channel keys/)
    expect(() => validateOptions({ ...valid, channelKeys: [...valid.channelKeys, ...valid.channelKeys] })).toThrow(/`channelKeys` lists a channel key twice/)
    expect(() => validateOptions({ ...valid, billingChannelKey: "x" })).toThrow(/`billingChannelKey` must hold channel keys/)
    expect(() => validateOptions({ ...valid, timeoutMs: 0 })).toThrow(/`timeoutMs` must be a positive whole number/)
  })

  it("refuses an API server over plain http elsewhere than this machine", () => {
    expect(() => validateOptions({ ...valid, apiBaseUrl: "http://portone.example" })).toThrow(/`apiBaseUrl` must use https/)
    expect(() => validateOptions({ ...valid, apiBaseUrl: "api.portone.io" })).toThrow(/`apiBaseUrl` must be an http\(s\) URL/)
  })

  it("never repeats a secret in its message", () => {
    const error = (() => {
      try {
        validateOptions({ ...valid, webhookSecret: valid.apiSecret })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toMatch(/`webhookSecret`/)
    expect(error?.message).not.toContain(valid.apiSecret)
  })

  it("lets through only webhook secrets the SDK can read", async () => {
    for (const secret of [valid.webhookSecret, "whsec_c2Vjb25k", "c2Vjb25k"]) {
      expect(() => validateOptions({ ...valid, webhookSecret: secret })).not.toThrow()
      await expect(checkWebhookSecret(secret)).resolves.toBeUndefined()
    }
  })
})

describe("options for the client and the webhook", () => {
  it("hands the client the store id and the server settings, and the webhook its secrets as a list", () => {
    expect(clientOptions({ ...valid, timeoutMs: 5000 })).toEqual({ apiSecret: valid.apiSecret, storeId: valid.storeId, timeoutMs: 5000, apiBaseUrl: undefined, maxRetries: undefined, retryBaseDelayMs: undefined })
    expect(webhookSecrets(valid)).toEqual([valid.webhookSecret])
  })
})

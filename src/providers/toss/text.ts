/** Half an emoji: a UTF-16 surrogate without its other half (Postgres refuses it). */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * Text from a storefront made safe to store and to show in Toss's window:
 * control characters become spaces, lone UTF-16 surrogates (half an emoji,
 * which Postgres refuses) are dropped, and the result is cut to at most
 * `max` UTF-16 units (Toss's limits count them), never inside a character.
 * Not a string: "".
 */
export function storableText(value: unknown, max: number): string {
  if (typeof value !== "string") {
    return ""
  }
  const cleaned = value
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .replace(new RegExp(LONE_SURROGATE.source, "g"), "")
    .trim()
  let text = ""
  for (const character of cleaned) {
    if (text.length + character.length > max) {
      break
    }
    text += character
  }
  return text.trim()
}

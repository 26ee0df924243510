/**
 * Toss Payments bank codes (the two-digit codes of Toss's "기관 코드 / 은행
 * 코드" table, docs.tosspayments.com/codes/org-codes) → the bank's Korean
 * name. They are Toss's own: KB국민은행 is 06 here, not the clearing code 004.
 * Toss takes these codes in `refundReceiveAccount.bank` and reports them in
 * `virtualAccount.bankCode` and `transfer.bankCode`. The one list the admin
 * route validates against, the dashboard and the demo show, and the local
 * sandbox accepts.
 */
export const TOSS_BANKS: Readonly<Record<string, string>> = {
  "39": "경남은행",
  "34": "광주은행",
  "12": "단위농협",
  "32": "부산은행",
  "45": "새마을금고",
  "64": "산림조합",
  "88": "신한은행",
  "48": "신협",
  "27": "씨티은행",
  "20": "우리은행",
  "71": "우체국",
  "50": "저축은행",
  "37": "전북은행",
  "35": "제주은행",
  "90": "카카오뱅크",
  "89": "케이뱅크",
  "92": "토스뱅크",
  "81": "하나은행",
  "54": "HSBC",
  "03": "IBK기업은행",
  "06": "KB국민은행",
  "31": "iM뱅크(대구)",
  "02": "KDB산업은행",
  "11": "NH농협은행",
  "23": "SC제일은행",
  "07": "Sh수협은행",
}

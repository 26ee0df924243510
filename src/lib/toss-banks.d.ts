/**
 * Toss Payments bank codes (the two-digit codes of Toss's "기관 코드 / 은행
 * 코드" table, docs.tosspayments.com/codes/org-codes) → the bank's Korean
 * name. They are Toss's own: KB국민은행 is 06 here, not the clearing code 004.
 * Toss takes these codes in `refundReceiveAccount.bank` and reports them in
 * `virtualAccount.bankCode` and `transfer.bankCode`. The one list the admin
 * route validates against, the dashboard and the demo show, and the local
 * sandbox accepts.
 */
export declare const TOSS_BANKS: Readonly<Record<string, string>>;
export declare function isTossBankCode(code: unknown): code is string;
/** The bank's name, or the code itself for a bank this list does not know. */
export declare function bankName(code: string | null | undefined): string;
/** Toss's rule for `refundReceiveAccount.accountNumber`: digits only, 6 to 20 of them. */
export declare const ACCOUNT_NUMBER_PATTERN: RegExp;
/** The longest account holder name the admin accepts. */
export declare const HOLDER_NAME_MAX = 60;
/** Account numbers as banks print them ("110-123-456789"): hyphens and spaces are dropped. */
export declare function normalizeAccountNumber(input: string): string;

import { FormEvent, useState } from "react"
import { Button, Input, Label, Select, Text, toast } from "@medusajs/ui"
import type { AdminTossRefundAccountResponse, RefundAccountView } from "../../api/admin/toss/operator-view"
import {
  ACCOUNT_NUMBER_PATTERN,
  HOLDER_NAME_MAX,
  TOSS_BANKS,
  isTossBankCode,
  normalizeAccountNumber,
} from "../../lib/toss-banks"
import { sdk } from "../lib/sdk"

const BANK_OPTIONS = Object.entries(TOSS_BANKS).sort(([, a], [, b]) => a.localeCompare(b, "ko"))

type Field = "bank" | "accountNumber" | "holderName"

function problems(bank: string, accountNumber: string, holderName: string): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {}
  if (!isTossBankCode(bank)) {
    found.bank = "은행을 선택하세요 (choose the bank)."
  }
  if (!ACCOUNT_NUMBER_PATTERN.test(normalizeAccountNumber(accountNumber))) {
    found.accountNumber = "계좌번호는 숫자 6~20자리예요 (6 to 20 digits; hyphens are fine)."
  }
  const name = holderName.trim()
  if (!name || name.length > HOLDER_NAME_MAX) {
    found.holderName = `예금주를 입력하세요, 최대 ${HOLDER_NAME_MAX}자 (holder name, at most ${HOLDER_NAME_MAX} characters).`
  }
  return found
}

/**
 * A deposited virtual account is refunded by bank transfer: the operator
 * enters (or replaces) the shopper's account before refunding in Medusa.
 */
export function RefundAccountForm({
  paymentId,
  current,
  onSaved,
}: {
  paymentId: string
  current: RefundAccountView | null
  onSaved: () => void
}) {
  const [editing, setEditing] = useState(!current)
  const [bank, setBank] = useState("")
  const [accountNumber, setAccountNumber] = useState("")
  const [holderName, setHolderName] = useState("")
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({})
  const [saving, setSaving] = useState(false)

  async function save(event: FormEvent) {
    event.preventDefault()
    const found = problems(bank, accountNumber, holderName)
    setErrors(found)
    if (Object.keys(found).length) {
      return
    }
    setSaving(true)
    try {
      await sdk.client.fetch<AdminTossRefundAccountResponse>(`/admin/toss/payments/${paymentId}/refund-account`, {
        method: "POST",
        body: { bank, accountNumber, holderName },
      })
      toast.success("환불 계좌를 저장했어요 (refund account saved).")
      setEditing(false)
      setAccountNumber("")
      onSaved()
    } catch (error) {
      toast.error((error as Error).message)
    } finally {
      setSaving(false)
    }
  }

  return (
    <div data-testid="toss-refund-account-form" className="flex flex-col gap-y-3 px-6 py-4">
      <div>
        <Text size="small" weight="plus">
          환불 계좌 · Refund account
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          가상계좌 결제는 구매자의 은행 계좌로 환불돼요 (영업일 기준 약 2일). A paid virtual account is refunded into the
          shopper's bank account; enter it before refunding.
        </Text>
      </div>
      {current && (
        <div className="flex items-center justify-between gap-x-2">
          <Text size="small" data-testid="toss-refund-account">
            {current.bankName} {current.accountNumber} · {current.holderName}
          </Text>
          {!editing && (
            <Button size="small" variant="secondary" onClick={() => setEditing(true)}>
              변경 · Replace
            </Button>
          )}
        </div>
      )}
      {editing && (
        <form onSubmit={save} className="flex flex-col gap-y-3" noValidate>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="toss-refund-bank">
              은행 · Bank
            </Label>
            <Select value={bank} onValueChange={setBank}>
              <Select.Trigger id="toss-refund-bank" aria-invalid={Boolean(errors.bank)}>
                <Select.Value placeholder="은행 선택" />
              </Select.Trigger>
              <Select.Content>
                {BANK_OPTIONS.map(([code, name]) => (
                  <Select.Item key={code} value={code}>
                    {name}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            {errors.bank && <FieldError>{errors.bank}</FieldError>}
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="toss-refund-account-number">
              계좌번호 · Account number
            </Label>
            <Input
              id="toss-refund-account-number"
              inputMode="numeric"
              autoComplete="off"
              placeholder="110-123-456789"
              value={accountNumber}
              onChange={(event) => setAccountNumber(event.target.value)}
              aria-invalid={Boolean(errors.accountNumber)}
            />
            {errors.accountNumber && <FieldError>{errors.accountNumber}</FieldError>}
          </div>
          <div className="flex flex-col gap-y-1">
            <Label size="small" htmlFor="toss-refund-holder">
              예금주 · Account holder
            </Label>
            <Input
              id="toss-refund-holder"
              autoComplete="off"
              value={holderName}
              onChange={(event) => setHolderName(event.target.value)}
              aria-invalid={Boolean(errors.holderName)}
            />
            {errors.holderName && <FieldError>{errors.holderName}</FieldError>}
          </div>
          <div className="flex justify-end gap-x-2">
            {current && (
              <Button type="button" size="small" variant="secondary" onClick={() => setEditing(false)}>
                취소 · Cancel
              </Button>
            )}
            <Button type="submit" size="small" isLoading={saving}>
              저장 · Save
            </Button>
          </div>
        </form>
      )}
    </div>
  )
}

function FieldError({ children }: { children: string }) {
  return (
    <Text size="small" className="text-ui-fg-error">
      {children}
    </Text>
  )
}

import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207085037 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_cash_receipt" drop constraint if exists "toss_cash_receipt_receipt_key_unique";`);
    this.addSql(`create table if not exists "toss_cash_receipt" ("id" text not null, "receipt_key" text not null, "payment_id" text not null, "payment_session_id" text not null, "type" text not null, "amount" integer not null, "tax_free_amount" integer not null, "issue_number" text not null, "receipt_url" text not null, "canceled_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_cash_receipt_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_cash_receipt_receipt_key_unique" ON "toss_cash_receipt" ("receipt_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_cash_receipt_deleted_at" ON "toss_cash_receipt" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_cash_receipt_payment_id" ON "toss_cash_receipt" ("payment_id") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "toss_cash_receipt" cascade;`);
  }

}

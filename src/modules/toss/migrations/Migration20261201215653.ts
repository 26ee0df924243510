import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201215653 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_transaction" drop constraint if exists "toss_transaction_transaction_key_unique";`);
    this.addSql(`alter table if exists "toss_tracked_payment" drop constraint if exists "toss_tracked_payment_order_id_unique";`);
    this.addSql(`create table if not exists "toss_ledger_cursor" ("id" text not null, "read_until" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_ledger_cursor_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_ledger_cursor_deleted_at" ON "toss_ledger_cursor" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_refund_account" ("id" text not null, "bank" text not null, "account_number" text not null, "holder_name" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_refund_account_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_refund_account_deleted_at" ON "toss_refund_account" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_tracked_payment" ("id" text not null, "order_id" text not null, "payment_key" text not null, "integration" text not null, "cart_id" text null, "status" text null, "last_transaction_key" text null, "due_at" timestamptz null, "next_check_at" timestamptz null, "last_checked_at" timestamptz null, "ledger_changed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_tracked_payment_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_tracked_payment_order_id_unique" ON "toss_tracked_payment" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_tracked_payment_deleted_at" ON "toss_tracked_payment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_tracked_payment_payment_key" ON "toss_tracked_payment" ("payment_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_tracked_payment_next_check_at" ON "toss_tracked_payment" ("next_check_at") WHERE next_check_at IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_transaction" ("id" text not null, "transaction_key" text not null, "payment_key" text not null, "order_id" text not null, "amount" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_transaction_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_transaction_transaction_key_unique" ON "toss_transaction" ("transaction_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_transaction_deleted_at" ON "toss_transaction" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_transaction_payment_key" ON "toss_transaction" ("payment_key") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "toss_ledger_cursor" cascade;`);

    this.addSql(`drop table if exists "toss_refund_account" cascade;`);

    this.addSql(`drop table if exists "toss_tracked_payment" cascade;`);

    this.addSql(`drop table if exists "toss_transaction" cascade;`);
  }

}

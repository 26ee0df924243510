import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207084308 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_settlement_cursor" drop constraint if exists "toss_settlement_cursor_integration_unique";`);
    this.addSql(`alter table if exists "toss_settlement" drop constraint if exists "toss_settlement_transaction_key_unique";`);
    this.addSql(`create table if not exists "toss_settlement" ("id" text not null, "transaction_key" text not null, "payment_key" text not null, "payment_session_id" text not null, "method" text null, "amount" integer not null, "fee" integer not null, "vat" integer not null, "payout_amount" integer not null, "sold_date" text not null, "paid_out_date" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_settlement_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_settlement_transaction_key_unique" ON "toss_settlement" ("transaction_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_settlement_deleted_at" ON "toss_settlement" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_settlement_payment_key" ON "toss_settlement" ("payment_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_settlement_sold_date" ON "toss_settlement" ("sold_date") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_settlement_cursor" ("id" text not null, "integration" text not null, "sold_date" text not null, "page" integer not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_settlement_cursor_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_settlement_cursor_integration_unique" ON "toss_settlement_cursor" ("integration") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_settlement_cursor_deleted_at" ON "toss_settlement_cursor" ("deleted_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "toss_settlement" cascade;`);

    this.addSql(`drop table if exists "toss_settlement_cursor" cascade;`);
  }

}

import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261201221338 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_billing_key" drop constraint if exists "toss_billing_key_billing_key_unique";`);
    this.addSql(`create table if not exists "toss_billing_key" ("id" text not null, "customer_key" text not null, "billing_key" text not null, "issuer_code" text not null, "card_number" text not null, "card_type" text not null, "owner_type" text not null, "authenticated_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_billing_key_pkey" primary key ("id"));`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_billing_key_billing_key_unique" ON "toss_billing_key" ("billing_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_billing_key_deleted_at" ON "toss_billing_key" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_billing_key_customer_key" ON "toss_billing_key" ("customer_key") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "toss_tracked_payment" alter column "payment_key" type text using ("payment_key"::text);`);
    this.addSql(`alter table if exists "toss_tracked_payment" alter column "payment_key" drop not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "toss_billing_key" cascade;`);

    this.addSql(`alter table if exists "toss_tracked_payment" alter column "payment_key" type text using ("payment_key"::text);`);
    this.addSql(`alter table if exists "toss_tracked_payment" alter column "payment_key" set not null;`);
  }

}

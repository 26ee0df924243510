import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261207083134 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_operator_item" drop constraint if exists "toss_operator_item_payment_session_id_kind_unique";`);
    this.addSql(`create table if not exists "toss_operator_item" ("id" text not null, "kind" text not null, "payment_session_id" text not null, "payment_key" text null, "order_id" text null, "amount" integer not null, "message" text not null, "checked_at" timestamptz null, "resolved_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_operator_item_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_operator_item_deleted_at" ON "toss_operator_item" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_operator_item_payment_session_id_kind_unique" ON "toss_operator_item" ("payment_session_id", "kind") WHERE resolved_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_operator_item_resolved_at" ON "toss_operator_item" ("resolved_at") WHERE resolved_at IS NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_reconcile_run" ("id" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "outcome" text not null, "ledger_rows" integer not null default 0, "checked" integer not null default 0, "failed" integer not null default 0, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_reconcile_run_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_reconcile_run_deleted_at" ON "toss_reconcile_run" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_reconcile_run_started_at" ON "toss_reconcile_run" ("started_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "toss_webhook_delivery" ("id" text not null, "event_type" text not null, "outcome" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "toss_webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_webhook_delivery_deleted_at" ON "toss_webhook_delivery" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_toss_webhook_delivery_created_at" ON "toss_webhook_delivery" ("created_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "toss_operator_item" cascade;`);

    this.addSql(`drop table if exists "toss_reconcile_run" cascade;`);

    this.addSql(`drop table if exists "toss_webhook_delivery" cascade;`);
  }

}

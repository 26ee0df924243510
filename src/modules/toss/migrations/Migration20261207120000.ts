import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Several Toss accounts in one store: tracked payments, the ledger and
 * settlement cursors and the saved cards name their registration. Existing cursors keep a null
 * account until the first account to read takes them over; existing cards
 * take their account holder's provider (their customerKey is its external id).
 */
export class Migration20261207120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_tracked_payment" add column if not exists "provider_id" text null;`);

    this.addSql(`alter table if exists "toss_ledger_cursor" add column if not exists "provider_id" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_ledger_cursor_provider_id_unique" ON "toss_ledger_cursor" ("provider_id") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "toss_settlement_cursor" add column if not exists "provider_id" text null;`);
    this.addSql(`drop index if exists "IDX_toss_settlement_cursor_integration_unique";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_settlement_cursor_provider_id_integration_unique" ON "toss_settlement_cursor" ("provider_id", "integration") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "toss_billing_key" add column if not exists "provider_id" text null;`);
    // The payment module's table, when it exists already (a fresh database may migrate this module first, with no cards to name).
    this.addSql(`do $$ begin if to_regclass('account_holder') is not null then update "toss_billing_key" as card set "provider_id" = holder."provider_id" from "account_holder" as holder where card."provider_id" is null and holder."external_id" = card."customer_key" and holder."provider_id" like 'pp_toss_%'; end if; end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "toss_tracked_payment" drop column if exists "provider_id";`);

    this.addSql(`drop index if exists "IDX_toss_ledger_cursor_provider_id_unique";`);
    this.addSql(`alter table if exists "toss_ledger_cursor" drop column if exists "provider_id";`);

    this.addSql(`drop index if exists "IDX_toss_settlement_cursor_provider_id_integration_unique";`);
    this.addSql(`alter table if exists "toss_settlement_cursor" drop column if exists "provider_id";`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_settlement_cursor_integration_unique" ON "toss_settlement_cursor" ("integration") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "toss_billing_key" drop column if exists "provider_id";`);
  }

}

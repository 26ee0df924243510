import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** A verified PortOne webhook's id is remembered with its delivery, so a replay of it is dropped. */
export class Migration20261207160000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_webhook_delivery" add column if not exists "webhook_id" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_toss_webhook_delivery_webhook_id_unique" ON "toss_webhook_delivery" ("webhook_id") WHERE webhook_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_toss_webhook_delivery_webhook_id_unique";`);
    this.addSql(`alter table if exists "toss_webhook_delivery" drop column if exists "webhook_id";`);
  }

}

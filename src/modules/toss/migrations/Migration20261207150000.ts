import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** PortOne's reconciliation keeps its payment-event cursor beside Toss's ledger cursors. */
export class Migration20261207150000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_ledger_cursor" add column if not exists "cursor" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "toss_ledger_cursor" drop column if exists "cursor";`);
  }

}

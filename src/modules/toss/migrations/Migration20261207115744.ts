import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Names say what the rows hold, the rows kept: Toss's orderId is the Medusa
 * payment session id (`payment_session_id`), and a recorded Toss cancel is
 * a `toss_recorded_cancel`, not a transaction.
 */
export class Migration20261207115744 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "toss_tracked_payment" rename column "order_id" to "payment_session_id";`);
    this.addSql(`alter index if exists "IDX_toss_tracked_payment_order_id_unique" rename to "IDX_toss_tracked_payment_payment_session_id_unique";`);

    this.addSql(`alter table if exists "toss_transaction" rename to "toss_recorded_cancel";`);
    this.addSql(`alter table if exists "toss_recorded_cancel" rename column "order_id" to "payment_session_id";`);
    this.addSql(`alter table if exists "toss_recorded_cancel" rename constraint "toss_transaction_pkey" to "toss_recorded_cancel_pkey";`);
    this.addSql(`alter index if exists "IDX_toss_transaction_transaction_key_unique" rename to "IDX_toss_recorded_cancel_transaction_key_unique";`);
    this.addSql(`alter index if exists "IDX_toss_transaction_deleted_at" rename to "IDX_toss_recorded_cancel_deleted_at";`);
    this.addSql(`alter index if exists "IDX_toss_transaction_payment_key" rename to "IDX_toss_recorded_cancel_payment_key";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter index if exists "IDX_toss_recorded_cancel_payment_key" rename to "IDX_toss_transaction_payment_key";`);
    this.addSql(`alter index if exists "IDX_toss_recorded_cancel_deleted_at" rename to "IDX_toss_transaction_deleted_at";`);
    this.addSql(`alter index if exists "IDX_toss_recorded_cancel_transaction_key_unique" rename to "IDX_toss_transaction_transaction_key_unique";`);
    this.addSql(`alter table if exists "toss_recorded_cancel" rename constraint "toss_recorded_cancel_pkey" to "toss_transaction_pkey";`);
    this.addSql(`alter table if exists "toss_recorded_cancel" rename column "payment_session_id" to "order_id";`);
    this.addSql(`alter table if exists "toss_recorded_cancel" rename to "toss_transaction";`);

    this.addSql(`alter index if exists "IDX_toss_tracked_payment_payment_session_id_unique" rename to "IDX_toss_tracked_payment_order_id_unique";`);
    this.addSql(`alter table if exists "toss_tracked_payment" rename column "payment_session_id" to "order_id";`);
  }

}

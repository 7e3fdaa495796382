import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// A worker step holds seats for a whole batch of reservations (one event, one shard) in one call:
// one transaction and one commit instead of one per reservation. Each reservation still runs
// reserve_seats() on its own, inside its own subtransaction, so one whose seats changed underneath
// (BX409) or whose Idempotency-Key raced (23505) undoes only its own writes and is reported as
// 'retry' for the worker to run alone; the others keep theirs.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reserve_seats_batch(
      p_reservations uuid[], p_event uuid, p_users uuid[], p_tickets jsonb, p_hold_seconds integer, p_idempotency_keys text[]
    ) returns table (request_id uuid, outcome text, reservation_id uuid, expires_at timestamptz, details jsonb)
    language plpgsql as $$
    declare
      v_row record;
    begin
      for i in 1 .. coalesce(cardinality(p_reservations), 0) loop
        begin
          select * into v_row
            from reserve_seats(p_reservations[i], p_event, p_users[i],
                               array(select jsonb_array_elements_text(p_tickets -> (i - 1))::uuid),
                               p_hold_seconds, p_idempotency_keys[i]);
          request_id := p_reservations[i];
          outcome := v_row.outcome;
          reservation_id := v_row.reservation_id;
          expires_at := v_row.expires_at;
          details := v_row.details;
        exception when sqlstate 'BX409' or unique_violation then
          request_id := p_reservations[i];
          outcome := 'retry';
          reservation_id := p_reservations[i];
          expires_at := null;
          details := null;
        end;
        return next;
      end loop;
    end $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists reserve_seats_batch(uuid[], uuid, uuid[], jsonb, integer, text[])`.execute(db);
}

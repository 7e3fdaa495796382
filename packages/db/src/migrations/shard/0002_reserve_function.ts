import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// Holding seats in one round trip: the worker calls reserve_seats() once per reservation instead of
// BEGIN / SELECT / UPDATE / INSERT / COMMIT. The rules are the same: every seat or none, each
// UPDATE conditional on the status and the version read a moment before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function reserve_seats(
      p_reservation uuid, p_event uuid, p_user uuid, p_tickets uuid[], p_hold_seconds integer, p_idempotency_key text
    ) returns table (outcome text, reservation_id uuid, expires_at timestamptz, details jsonb)
    language plpgsql as $$
    declare
      v_existing record;
      v_ids uuid[];
      v_versions integer[];
      v_missing jsonb;
      v_foreign jsonb;
      v_taken jsonb;
      v_total integer;
      v_currency char(3);
      v_updated integer;
      v_expires timestamptz;
    begin
      -- A retried job, or a replayed Idempotency-Key, gets the reservation it already made.
      select r.id, r.status, r.expires_at, r.ticket_ids into v_existing
        from reservations r
       where r.id = p_reservation
          or (p_idempotency_key is not null and r.user_id = p_user and r.idempotency_key = p_idempotency_key)
       limit 1;
      if found then
        return query select case when v_existing.status in ('expired', 'cancelled') then 'gone' else 'exists' end,
          v_existing.id, v_existing.expires_at, to_jsonb(v_existing.ticket_ids);
        return;
      end if;

      select array_agg(t.id), array_agg(t.version), sum(t.price_amount)::integer, min(t.currency),
             jsonb_agg(jsonb_build_object('ticketID', t.id, 'status', t.status)) filter (where t.status <> 'available' and t.event_id = p_event),
             jsonb_agg(jsonb_build_object('ticketID', t.id, 'field', 'ticketIDs', 'reason', 'belongs to another event')) filter (where t.event_id <> p_event)
        into v_ids, v_versions, v_total, v_currency, v_taken, v_foreign
        from tickets t
       where t.id = any(p_tickets);

      select jsonb_agg(jsonb_build_object('ticketID', wanted, 'status', 'unknown')) into v_missing
        from unnest(p_tickets) as wanted
       where wanted <> all(coalesce(v_ids, '{}'));
      if v_missing is not null then return query select 'missing', p_reservation, null::timestamptz, v_missing; return; end if;
      if v_foreign is not null then return query select 'foreign', p_reservation, null::timestamptz, v_foreign; return; end if;
      if v_taken is not null then return query select 'taken', p_reservation, null::timestamptz, v_taken; return; end if;

      update tickets t
         set status = 'reserved', reservation_id = p_reservation, version = t.version + 1
        from unnest(v_ids, v_versions) as v(id, version)
       where t.id = v.id and t.version = v.version and t.status = 'available';
      get diagnostics v_updated = row_count;
      if v_updated <> cardinality(p_tickets) then
        -- Someone changed a seat since we read it: undo this statement's writes and say so.
        raise exception 'reserve_seats: seats changed while reserving' using errcode = 'BX409';
      end if;

      insert into reservations (id, event_id, user_id, status, ticket_ids, total_amount, currency, expires_at, idempotency_key)
      values (p_reservation, p_event, p_user, 'held', p_tickets, v_total, v_currency, now() + make_interval(secs => p_hold_seconds), p_idempotency_key)
      returning reservations.expires_at into v_expires;
      return query select 'held', p_reservation, v_expires, null::jsonb;
    end $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists reserve_seats(uuid, uuid, uuid, uuid[], integer, text)`.execute(db);
}

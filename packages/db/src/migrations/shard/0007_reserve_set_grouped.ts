import { type Kysely, sql } from 'kysely';
import { up as createReserveSeatsSet0006 } from './0006_reserve_set';

// Frozen in time: migrations import no application code.
// reserve_seats_set (0006) judged each reservation with a lateral aggregate over every seat of the
// batch, and matched holds and complete reservations with correlated sub-selects: work that grew with
// the square of the batch, which is up to 128 reservations now. The same function, the same rules and
// answers, with one grouped aggregate and hash joins instead. A loop of batches of 128 on the
// 50,000-seat bench event (backend CPU from /proc, alternating): 208 -> 178 µs per reservation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function reserve_seats_set(
      p_reservations uuid[], p_event uuid, p_users uuid[], p_tickets jsonb, p_hold_seconds integer, p_idempotency_keys text[]
    ) returns table (request_id uuid, outcome text, reservation_id uuid, expires_at timestamptz, details jsonb)
    language plpgsql as $$
    declare
      v_expires timestamptz := now() + make_interval(secs => p_hold_seconds);
      v_ids uuid[];
      v_outcomes text[];
      v_reservations uuid[];
      v_expiries timestamptz[];
      v_details jsonb[];
      v_incomplete integer;
    begin
      begin
        with req as (
          select g.i, p_reservations[g.i] as rid, p_users[g.i] as uid, p_idempotency_keys[g.i] as ikey
            from generate_subscripts(p_reservations, 1) as g(i)
        ),
        wanted as (
          select r.i, w.ticket_id::uuid as ticket_id, w.ord
            from req r cross join lateral jsonb_array_elements_text(p_tickets -> (r.i - 1)) with ordinality as w(ticket_id, ord)
        ),
        seat as (
          select w.i, w.ticket_id, w.ord, t.id is not null as found, t.event_id, t.status, t.version, t.price_amount, t.currency
            from wanted w left join tickets t on t.id = w.ticket_id
        ),
        judged as (
          select s.i,
                 jsonb_agg(jsonb_build_object('ticketID', s.ticket_id, 'status', 'unknown') order by s.ord) filter (where not s.found) as missing,
                 jsonb_agg(jsonb_build_object('ticketID', s.ticket_id, 'field', 'ticketIDs', 'reason', 'belongs to another event') order by s.ord)
                   filter (where s.found and s.event_id <> p_event) as foreign_seats,
                 jsonb_agg(jsonb_build_object('ticketID', s.ticket_id, 'status', s.status) order by s.ord)
                   filter (where s.found and s.event_id = p_event and s.status <> 'available') as taken,
                 sum(s.price_amount)::integer as total, min(s.currency) as currency, count(*)::integer as n,
                 array_agg(s.ticket_id order by s.ord) as ticket_ids
            from seat s group by s.i
        ),
        verdict as (
          select r.i, r.rid, r.uid, r.ikey, p.id as prior_id, p.status as prior_status, p.expires_at as prior_expires, p.ticket_ids as prior_tickets,
                 a.missing, a.foreign_seats, a.taken, a.total, a.currency, coalesce(a.n, 0) as n, a.ticket_ids
            from req r
            -- A retried job, or a replayed Idempotency-Key, gets the reservation it already made.
            left join lateral (
              (select x.id, x.status, x.expires_at, x.ticket_ids from reservations x where x.id = r.rid)
              union all
              (select x.id, x.status, x.expires_at, x.ticket_ids from reservations x
                where r.ikey is not null and x.user_id = r.uid and x.idempotency_key = r.ikey)
              limit 1
            ) p on true
            left join judged a on a.i = r.i
        ),
        ok as (
          select * from verdict where prior_id is null and missing is null and foreign_seats is null and taken is null
        ),
        updated as (
          update tickets t set status = 'reserved', reservation_id = o.rid, version = t.version + 1
            from ok o join seat s on s.i = o.i
           where t.id = s.ticket_id and t.version = s.version and t.status = 'available'
          returning o.i
        ),
        complete as (
          select u.i from updated u join ok o on o.i = u.i group by u.i, o.n having count(*) = o.n
        ),
        inserted as (
          insert into reservations (id, event_id, user_id, status, ticket_ids, total_amount, currency, expires_at, idempotency_key)
          select o.rid, p_event, o.uid, 'held', o.ticket_ids, o.total, o.currency, v_expires, o.ikey
            from ok o join complete c on c.i = o.i
          returning id
        )
        select array_agg(v.rid order by v.i),
               array_agg(case when v.prior_id is not null then case when v.prior_status in ('expired', 'cancelled') then 'gone' else 'exists' end
                              when v.missing is not null then 'missing' when v.foreign_seats is not null then 'foreign'
                              when v.taken is not null then 'taken' else 'held' end order by v.i),
               array_agg(coalesce(v.prior_id, v.rid) order by v.i),
               array_agg(case when v.prior_id is not null then v.prior_expires when v.missing is null and v.foreign_seats is null and v.taken is null then v_expires end order by v.i),
               array_agg(case when v.prior_id is not null then to_jsonb(v.prior_tickets) else coalesce(v.missing, v.foreign_seats, v.taken) end order by v.i),
               count(*) filter (where v.prior_id is null and v.missing is null and v.foreign_seats is null and v.taken is null and c.i is null)
          into v_ids, v_outcomes, v_reservations, v_expiries, v_details, v_incomplete
          from verdict v left join complete c on c.i = v.i;
        if v_incomplete > 0 then
          -- A seat changed between the read and the write (a worker whose lock lapsed), or two holds of
          -- the batch wanted one seat: undo the batch's writes and hold one reservation at a time.
          raise exception 'reserve_seats_set: seats changed while reserving' using errcode = 'BX409';
        end if;
      exception when sqlstate 'BX409' or unique_violation then
        return query select * from reserve_seats_batch(p_reservations, p_event, p_users, p_tickets, p_hold_seconds, p_idempotency_keys);
        return;
      end;
      return query select * from unnest(v_ids, v_outcomes, v_reservations, v_expiries, v_details);
    end $$;
  `.execute(db);
  // CREATE OR REPLACE resets a function's settings: the plan settings of 0005/0006 again.
  await sql`alter function reserve_seats_set(uuid[], uuid, uuid[], jsonb, integer, text[]) set plan_cache_mode = force_generic_plan`.execute(db);
  await sql`alter function reserve_seats_set(uuid[], uuid, uuid[], jsonb, integer, text[]) set enable_seqscan = off`.execute(db);
}

/** Back to 0006's body and settings. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function reserve_seats_set(uuid[], uuid, uuid[], jsonb, integer, text[])`.execute(db);
  await createReserveSeatsSet0006(db);
}

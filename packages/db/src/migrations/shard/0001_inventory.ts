import { type Kysely, sql } from 'kysely';

// Frozen in time: migrations import no application code.
// Every inventory table lives on the shard chosen by the event id; ids carry their shard (see ids.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function set_updated_at() returns trigger language plpgsql as $$
    begin
      new.updated_at := now();
      return new;
    end $$;

    create type ticket_status as enum ('available', 'reserved', 'sold');
    create type reservation_status as enum ('pending', 'held', 'payment_pending', 'confirmed', 'expired', 'cancelled');
    create type order_status as enum ('confirmed', 'refunded', 'cancelled');
    create type payment_status as enum ('created', 'processing', 'succeeded', 'failed', 'refund_pending', 'refunded');

    create table tickets (
      id uuid primary key,
      event_id uuid not null,
      section text not null,
      row_label text not null,
      seat_number integer not null,
      seat_label text not null,
      price_tier text not null,
      price_amount integer not null check (price_amount >= 0),
      currency char(3) not null,
      status ticket_status not null default 'available',
      version integer not null default 0,
      reservation_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      -- A reserved or sold seat always names its reservation; an available one never does.
      check ((status = 'available') = (reservation_id is null))
    );
    create unique index tickets_event_seat_key on tickets (event_id, seat_label);
    create index tickets_event_status_idx on tickets (event_id, status);
    create index tickets_reservation_idx on tickets (reservation_id) where reservation_id is not null;

    create table reservations (
      id uuid primary key,
      event_id uuid not null,
      user_id uuid not null,
      status reservation_status not null,
      ticket_ids uuid[] not null,
      total_amount integer not null check (total_amount >= 0),
      currency char(3) not null,
      expires_at timestamptz not null,
      -- While a payment is in flight the hold does not expire, up to this cap.
      payment_deadline timestamptz,
      idempotency_key text,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create unique index reservations_idempotency_key on reservations (user_id, idempotency_key)
      where idempotency_key is not null;
    create index reservations_live_expiry_idx on reservations (expires_at) where status in ('pending', 'held');
    create index reservations_user_idx on reservations (user_id, created_at desc);

    create table orders (
      id uuid primary key,
      reservation_id uuid not null unique references reservations (id),
      event_id uuid not null,
      user_id uuid not null,
      total_amount integer not null check (total_amount >= 0),
      currency char(3) not null,
      status order_status not null default 'confirmed',
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index orders_user_idx on orders (user_id, created_at desc);

    create table payments (
      id uuid primary key,
      reservation_id uuid not null references reservations (id),
      order_id uuid references orders (id),
      provider text not null,
      provider_payment_id text unique,
      amount integer not null check (amount >= 0),
      currency char(3) not null,
      status payment_status not null,
      failure_code text,
      failure_message text,
      refund_id text,
      version integer not null default 0,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index payments_reservation_idx on payments (reservation_id);

    -- Webhook deliveries already applied, recorded in the same transaction as their effect.
    create table processed_webhook_events (
      id text primary key,
      provider text not null,
      type text not null,
      processed_at timestamptz not null default now()
    );

    create trigger tickets_updated_at before update on tickets for each row execute function set_updated_at();
    create trigger reservations_updated_at before update on reservations for each row execute function set_updated_at();
    create trigger orders_updated_at before update on orders for each row execute function set_updated_at();
    create trigger payments_updated_at before update on payments for each row execute function set_updated_at();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists processed_webhook_events, payments, orders, reservations, tickets cascade;
    drop function if exists set_updated_at();
    drop type if exists payment_status, order_status, reservation_status, ticket_status;
  `.execute(db);
}

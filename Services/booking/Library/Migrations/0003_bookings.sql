-- Bookings and realtor blocks in one calendar table, `stays`, under one exclusion constraint: two live periods
-- of one apartment can never overlap, whoever wins a race. A row is either a booking (kind 'booking', with the
-- booking's columns) or a realtor's block (kind 'block', status 'blocked': repair, own use; added later).
-- Needs btree_gist (uuid equality inside a GiST index), created by provisioning as the database owner.

-- Nothing wrote to `stays` before this migration except, possibly, blocks: anything else has no booking behind it.
DELETE FROM stays WHERE status <> 'blocked';

CREATE SEQUENCE booking_number_seq START WITH 100001;

ALTER TABLE stays
    ADD COLUMN kind                 text        NOT NULL DEFAULT 'booking' CHECK (kind IN ('booking', 'block')),
    ADD COLUMN number               bigint      UNIQUE,
    ADD COLUMN realtor_id           bigint,
    ADD COLUMN guest_id             bigint,
    ADD COLUMN guest_chat_id        bigint,
    ADD COLUMN nights               integer     CHECK (nights BETWEEN 1 AND 30),
    ADD COLUMN price_per_night_tiyn bigint      CHECK (price_per_night_tiyn >= 0),
    ADD COLUMN total_tiyn           bigint      CHECK (total_tiyn >= 0),
    ADD COLUMN hold_expires_at      timestamptz,
    ADD COLUMN paid_at              timestamptz,
    ADD COLUMN payment_reference    text        UNIQUE,
    ADD COLUMN checked_in_at        timestamptz,
    ADD COLUMN completed_at         timestamptz,
    ADD COLUMN expired_at           timestamptz,
    ADD COLUMN cancelled_at         timestamptz,
    ADD COLUMN cancelled_by         text        CHECK (cancelled_by IN ('guest', 'realtor', 'superadmin')),
    ADD COLUMN refund_percent       integer     CHECK (refund_percent BETWEEN 0 AND 100),
    ADD COLUMN refund_tiyn          bigint      CHECK (refund_tiyn >= 0),
    ADD COLUMN request_id           uuid        UNIQUE,
    ADD COLUMN block_reason         text,
    ADD COLUMN updated_at           timestamptz NOT NULL DEFAULT now();

UPDATE stays SET kind = 'block';

ALTER TABLE stays
    ADD CONSTRAINT stays_kind_matches_status CHECK ((kind = 'block') = (status = 'blocked')),
    ADD CONSTRAINT stays_booking_complete CHECK (
        kind = 'block' OR (number IS NOT NULL AND realtor_id IS NOT NULL AND guest_id IS NOT NULL
                           AND guest_chat_id IS NOT NULL AND nights IS NOT NULL
                           AND price_per_night_tiyn IS NOT NULL AND total_tiyn IS NOT NULL
                           AND hold_expires_at IS NOT NULL AND request_id IS NOT NULL)),
    ADD CONSTRAINT stays_paid_has_reference CHECK (
        status NOT IN ('paid', 'checked_in', 'completed') OR (paid_at IS NOT NULL AND payment_reference IS NOT NULL)),
    -- Double booking is impossible by construction: live bookings and blocks of one apartment never overlap.
    -- Periods are [check-in, check-out): a stay may start exactly when the previous one ends.
    ADD CONSTRAINT stays_no_overlap EXCLUDE USING gist (apartment_id WITH =, period WITH &&)
        WHERE (status IN ('held', 'paid', 'checked_in', 'blocked'));

DROP INDEX stays_apartment_period;

-- The scheduler's three queues of due work.
CREATE INDEX stays_held_expiry ON stays (hold_expires_at) WHERE status = 'held';
CREATE INDEX stays_paid_check_in ON stays (lower(period)) WHERE status = 'paid';
CREATE INDEX stays_checked_in_check_out ON stays (upper(period)) WHERE status = 'checked_in';
-- The guest's cabinet.
CREATE INDEX stays_guest ON stays (guest_id, lower(period)) WHERE kind = 'booking';

-- What booking knows of the catalog's apartments, kept from catalog.apartment.* events (and filled from the
-- catalog's GetApartmentCard when a hold arrives for an apartment not seen yet).
CREATE TABLE apartments (
    apartment_id         uuid        PRIMARY KEY,
    realtor_id           bigint      NOT NULL,
    price_per_night_tiyn bigint      NOT NULL CHECK (price_per_night_tiyn >= 0),
    listed               boolean     NOT NULL,
    -- occurredAt of the latest event applied to the price and realtor, and to `listed` (published/hidden);
    -- '-infinity' for a row fetched over RPC, so any event wins over it.
    source_occurred_at   timestamptz NOT NULL,
    listed_occurred_at   timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now()
);

-- Periods during which an apartment is not available: holds, paid bookings, stays in progress and realtor blocks.
-- The booking issue fills it and adds the exclusion constraint (btree_gist) that makes overlapping active periods
-- impossible; the booking role may not create extensions, so for now a plain GiST index serves the overlap query.
CREATE TABLE stays (
    id           uuid        PRIMARY KEY,
    apartment_id uuid        NOT NULL,
    period       tstzrange   NOT NULL CHECK (NOT isempty(period)),
    status       text        NOT NULL CHECK (status IN ('held', 'paid', 'checked_in', 'completed', 'expired',
                                                        'cancelled', 'blocked')),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX stays_apartment_period ON stays USING gist (period);
CREATE INDEX stays_apartment ON stays (apartment_id);

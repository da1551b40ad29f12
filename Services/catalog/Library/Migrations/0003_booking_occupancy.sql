-- What the catalog knows of bookings, from booking.{paid,checked-in,completed,cancelled,expired}.v1: enough to
-- derive each apartment's status «Свободна» / «Забронирована» (a paid booking is next) / «Занята» (a stay is in
-- progress). Availability for dates stays booking's business; this is only the apartment's current status.
CREATE TABLE booking_occupancy (
    booking_id   uuid        PRIMARY KEY,
    apartment_id uuid        NOT NULL,
    -- paid, checked_in, or finished (completed, cancelled, expired): a booking only ever moves forward.
    status       text        NOT NULL CHECK (status IN ('paid', 'checked_in', 'finished')),
    check_in     timestamptz NOT NULL,
    check_out    timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX booking_occupancy_live ON booking_occupancy (apartment_id) WHERE status IN ('paid', 'checked_in');

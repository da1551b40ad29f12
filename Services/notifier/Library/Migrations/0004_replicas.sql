-- What the notifier must know without asking anyone, so that a guest waiting on a message is never left in
-- silence because another service is down (docs/notifier.md «Never silent»).

-- The realtor's contact phone per apartment, from catalog.apartment.{published,updated,hidden}.v1: given to a
-- paying guest when the access details cannot be revealed at once. Not a secret (codes and addresses never
-- come here).
CREATE TABLE apartment_contacts (
    apartment_id       uuid PRIMARY KEY,
    realtor_phone      text NOT NULL,
    source_occurred_at timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT now()
);

-- The latest BookingSummary of every booking the notifier has heard of (booking.*.v1 events): payments' events
-- name only the booking, and the guest's chat and booking number come from here instead of a call to booking.
CREATE TABLE booking_summaries (
    booking_id  uuid PRIMARY KEY,
    summary     jsonb NOT NULL,
    -- envelope occurredAt of the event that wrote the row: an older event never overwrites a newer one
    occurred_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Payments' replica of booking's holds: Kaspi's `check` for a live hold is answered from here instead of an RPC to
-- booking (docs/payments.md «Answering check»). Rows come from booking.held.v1 and are closed when payments settles
-- the booking or booking.cancelled.v1 arrives; a hold past hold_expires_at is never vouched for. A row only ever
-- goes from payable to not payable, so late or repeated events never make a booking payable again. Anything the
-- replica cannot vouch for is asked of booking.
CREATE TABLE payable_bookings (
    booking_id      uuid PRIMARY KEY,
    account         text NOT NULL UNIQUE,
    -- BookingSummary of the hold as JSON (ContractsCoding), returned as booking's CheckPayable would.
    summary         text NOT NULL,
    hold_expires_at timestamptz NOT NULL,
    payable         boolean NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

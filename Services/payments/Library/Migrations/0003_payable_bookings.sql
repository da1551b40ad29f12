-- Payments' replica of booking's holds, fed by booking.held/paid/expired/cancelled events: Kaspi's `check` for a
-- live hold is answered from here instead of an RPC to booking (docs/payments.md «Answering check»). A row only
-- ever goes from payable to not payable, so events arriving out of order never make a paid, expired or cancelled
-- booking payable again. Anything the replica cannot vouch for is asked of booking.
CREATE TABLE payable_bookings (
    booking_id      uuid PRIMARY KEY,
    account         text NOT NULL UNIQUE,
    -- BookingSummary of the hold as JSON (ContractsCoding), returned as booking's CheckPayable would.
    summary         text NOT NULL,
    hold_expires_at timestamptz NOT NULL,
    payable         boolean NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

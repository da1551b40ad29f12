-- Payments: pay-by-account transactions, Kaspi Pay partner-API payments, settled payments, refunds and the
-- log of every Kaspi interaction. Amounts are integer tiyn (1 ₸ = 100 tiyn).

-- Our transaction numbers (`prv_txn`) for pay-by-account.
CREATE SEQUENCE prv_txn_seq START WITH 100001;

-- One row per Kaspi pay-by-account `txn_id` with command=pay: the key of exactly-once crediting.
-- `in_progress` while one instance settles it with booking (holding the lease); `completed` once its answer is
-- stored: a repeated txn_id gets `response` back byte for byte.
CREATE TABLE kaspi_transactions (
    txn_id        text PRIMARY KEY,
    prv_txn       bigint NOT NULL UNIQUE DEFAULT nextval('prv_txn_seq'),
    account       text NOT NULL,
    amount_tiyn   bigint NOT NULL CHECK (amount_tiyn > 0),
    txn_date      text NOT NULL,
    received_at   timestamptz NOT NULL,
    state         text NOT NULL CHECK (state IN ('in_progress', 'completed')),
    lease_until   timestamptz,
    attempts      integer NOT NULL DEFAULT 1,
    result        integer,
    comment       text,
    booking_id    uuid,
    response      bytea,
    completed_at  timestamptz,
    CHECK (state = 'in_progress' OR (result IS NOT NULL AND response IS NOT NULL))
);
CREATE INDEX kaspi_transactions_account ON kaspi_transactions (account);

-- Kaspi Pay partner-API payments (invoice to a phone, payment link) and their polling.
CREATE TABLE kaspi_payments (
    id               uuid PRIMARY KEY,
    booking_id       uuid NOT NULL,
    account          text NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('invoice', 'link')),
    amount_tiyn      bigint NOT NULL CHECK (amount_tiyn > 0),
    phone            text,
    qr_payment_id    text UNIQUE,
    url              text,
    -- live: Kaspi may still take the money; settled: money belongs to the booking; failed: no money;
    -- refunded: money arrived for a booking that could not take it and went back.
    status           text NOT NULL CHECK (status IN ('live', 'settled', 'failed', 'refunded')),
    kaspi_status     text,
    expires_at       timestamptz NOT NULL,
    next_poll_at     timestamptz NOT NULL,
    poll_failures    integer NOT NULL DEFAULT 0,
    lease_until      timestamptz,
    outcome          text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);
-- Idempotent per booking and channel while live.
CREATE UNIQUE INDEX kaspi_payments_live_per_booking ON kaspi_payments (booking_id, channel) WHERE status = 'live';
CREATE INDEX kaspi_payments_due ON kaspi_payments (next_poll_at) WHERE status = 'live';

-- Money credited to a booking, whatever the channel: exactly one row per Kaspi payment.
CREATE TABLE payments (
    id               uuid PRIMARY KEY,
    booking_id       uuid NOT NULL,
    account          text NOT NULL,
    channel          text NOT NULL CHECK (channel IN ('account', 'invoice', 'link')),
    kaspi_reference  text NOT NULL UNIQUE,
    amount_tiyn      bigint NOT NULL CHECK (amount_tiyn > 0),
    paid_at          timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_booking ON payments (booking_id);

-- Money going back to a guest. Partner-API payments are returned through Kaspi (`pending` → `completed`, retried
-- while Kaspi fails transiently); pay-by-account has no refund call, so those are `due` until an operator pays them
-- and marks them `paid_by_operator`.
CREATE TABLE refunds (
    id                    uuid PRIMARY KEY,
    booking_id            uuid NOT NULL,
    payment_id            uuid REFERENCES payments (id),
    amount_tiyn           bigint NOT NULL CHECK (amount_tiyn > 0),
    method                text NOT NULL CHECK (method IN ('kaspi_return', 'operator')),
    status                text NOT NULL CHECK (status IN ('pending', 'completed', 'due', 'paid_by_operator')),
    -- booking_cancelled, or payment_after_<booking result> for money that arrived for a booking that could not take it
    reason                text NOT NULL,
    -- QrPaymentId (kaspi_return) or txn_id (operator)
    kaspi_reference       text NOT NULL,
    -- payment/details' AvailableReturnAmount before our first payment/return: tells whether a return whose answer
    -- was lost went through
    available_before_tiyn bigint,
    return_operation_id   text,
    attempts              integer NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,
    lease_until           timestamptz,
    last_error            text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    completed_at          timestamptz
);
-- One refund per cause (a redelivered event never refunds twice).
CREATE UNIQUE INDEX refunds_once ON refunds (booking_id, reason, kaspi_reference);
CREATE INDEX refunds_pending ON refunds (next_attempt_at) WHERE status = 'pending';

-- Every interaction with Kaspi, in and out. Never secrets (no API key, no full URLs with credentials).
CREATE TABLE payment_log (
    id               bigserial PRIMARY KEY,
    at               timestamptz NOT NULL DEFAULT now(),
    direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    operation        text NOT NULL,
    txn_id           text,
    kaspi_payment_id text,
    account          text,
    booking_id       uuid,
    amount_tiyn      bigint,
    result           text,
    http_status      integer,
    duration_ms      integer,
    source_address   text,
    error            text
);
CREATE INDEX payment_log_at ON payment_log (at);
CREATE INDEX payment_log_account ON payment_log (account);

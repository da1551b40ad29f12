-- The outbound queue: every message the bot sends on its own initiative, and Telegram's flood limits kept in
-- the database so that any number of notifier instances together stay within them.

CREATE TABLE notifications (
    id                  bigserial PRIMARY KEY,
    -- "<event messageId>:<kind>:<chat>" (or "<bookingId>:<kind>" for scheduled ones): a redelivered event
    -- never queues a second message.
    dedupe_key          text NOT NULL UNIQUE,
    chat_id             bigint NOT NULL,
    kind                text NOT NULL,
    -- The booking the notification is about (to cancel scheduled ones); NULL for free-form messages.
    booking_id          uuid,
    -- NotificationPayload as JSON: text, buttons, send-time condition, access-details reference. Never secrets.
    payload             jsonb NOT NULL,
    -- Business time (BusinessClock) before which the notification is not sent.
    not_before          timestamptz NOT NULL,
    status              text NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sending', 'sent', 'failed_permanent', 'skipped')),
    attempts            integer NOT NULL DEFAULT 0,
    -- While 'sending': the claiming instance owns the row until then (database clock).
    lease_until         timestamptz,
    claimed_by          uuid,
    last_error          text,
    telegram_message_id bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);

CREATE INDEX notifications_due ON notifications (not_before, id) WHERE status = 'queued';
CREATE INDEX notifications_sending ON notifications (chat_id) WHERE status = 'sending';
CREATE INDEX notifications_booking ON notifications (booking_id) WHERE booking_id IS NOT NULL AND status = 'queued';

-- Per-chat limiter (GCRA): the theoretical arrival time of the chat's next message (database clock).
CREATE TABLE chat_send_limits (
    chat_id bigint PRIMARY KEY,
    tat     timestamptz NOT NULL
);

-- The bot-wide limiter (GCRA), one row; claims lock it, which also serialises the per-chat limiter updates.
CREATE TABLE global_send_limit (
    id  integer PRIMARY KEY CHECK (id = 1),
    tat timestamptz NOT NULL
);
INSERT INTO global_send_limit (id, tat) VALUES (1, now());

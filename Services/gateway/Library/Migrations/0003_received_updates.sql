-- Updates fetched from Telegram are stored here before they are acknowledged (by the next getUpdates offset,
-- written in the same statement), so the poller can fetch the next batch while earlier updates are still being
-- handled. The transaction that handles an update deletes its row (and records it in processed_updates); rows
-- left by a crash or a shutdown are handled at the next start, in update order.
CREATE TABLE received_updates (
    bot_id      bigint      NOT NULL,
    update_id   bigint      NOT NULL,
    chat_id     bigint      NOT NULL,
    payload     text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, update_id)
);

-- Per-chat conversation state (a Swift enum as JSON), restart-safe.
CREATE TABLE conversations (
    chat_id    bigint      PRIMARY KEY,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Updates already handled (dedupe across restarts and redeliveries), written in the same transaction as the
-- conversation's new state. Old rows can be pruned: Telegram never redelivers confirmed updates.
CREATE TABLE processed_updates (
    bot_id       bigint      NOT NULL,
    update_id    bigint      NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, update_id)
);

-- The next getUpdates offset per bot, stored after a batch is handled.
CREATE TABLE polling_offsets (
    bot_id      bigint      PRIMARY KEY,
    next_offset bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

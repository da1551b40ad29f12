import Database

/// The messaging tables every service schema holds, applied as the "messaging" migration component before the
/// service's own migrations. Numbered and never edited once landed, like any migration.
public enum MessagingMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "outbox_and_inbox", sql: """
            CREATE TABLE outbox (
                id             bigserial PRIMARY KEY,
                message_id     uuid        NOT NULL UNIQUE,
                exchange       text        NOT NULL,
                routing_key    text        NOT NULL,
                message_type   text        NOT NULL,
                correlation_id uuid        NOT NULL,
                body           bytea       NOT NULL,
                persistent     boolean     NOT NULL DEFAULT true,
                created_at     timestamptz NOT NULL DEFAULT now(),
                published_at   timestamptz,
                attempts       integer     NOT NULL DEFAULT 0,
                last_error     text
            );
            CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
            CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

            CREATE TABLE inbox (
                message_id   uuid        PRIMARY KEY,
                message_type text        NOT NULL,
                producer     text        NOT NULL,
                received_at  timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX inbox_received_at ON inbox (received_at);
            """),
    ]
}

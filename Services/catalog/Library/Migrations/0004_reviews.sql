-- Guests' reviews of finished stays (PRODUCT.md scenario 5). One per booking, race-safe by the unique
-- booking_id; a hidden review keeps its row (and so still blocks a second review of the booking). The card's
-- aggregate apartments.rating_sum / rating_count counts exactly the published, not hidden reviews and is changed
-- in the same transaction as the review.
CREATE TABLE reviews (
    id            uuid        PRIMARY KEY,
    booking_id    uuid        NOT NULL UNIQUE,
    apartment_id  uuid        NOT NULL REFERENCES apartments (id),
    -- Telegram user ids.
    guest_id      bigint      NOT NULL,
    realtor_id    bigint      NOT NULL,
    rating        smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          text        NOT NULL DEFAULT '' CHECK (char_length(body) <= 2000),
    -- [{"fileId": "...", "fileUniqueId": "..."}], at most five (checked by the service).
    photos        jsonb       NOT NULL DEFAULT '[]'::jsonb,
    -- Business-clock instant of publishing; `seq` breaks ties so "newest first" is total.
    published_at  timestamptz NOT NULL,
    seq           bigserial   NOT NULL,
    hidden        boolean     NOT NULL DEFAULT false,
    hidden_at     timestamptz,
    hidden_by     bigint,
    hidden_reason text,
    CHECK (hidden = (hidden_at IS NOT NULL))
);

CREATE INDEX reviews_listing ON reviews (apartment_id, published_at DESC, seq DESC) WHERE NOT hidden;

-- Realtors' ratings of guests after a stay: once per booking (booking.guest.rate.v1).
CREATE TABLE guest_ratings (
    booking_id  uuid PRIMARY KEY,
    guest_id    bigint NOT NULL,
    realtor_id  bigint NOT NULL,
    rated_by    bigint NOT NULL,
    rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
    violation   boolean NOT NULL DEFAULT false,
    comment     text CHECK (char_length(comment) <= 500),
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guest_ratings_by_guest ON guest_ratings (guest_id, created_at);

-- «Гость не заехал» (booking.no-show.mark.v1): a status of its own that frees the remaining nights (it is not in
-- the exclusion constraint's live set) and keeps the payment.
ALTER TABLE stays DROP CONSTRAINT stays_status_check;
ALTER TABLE stays
    ADD CONSTRAINT stays_status_check CHECK (status IN ('held', 'paid', 'checked_in', 'completed', 'expired',
                                                        'cancelled', 'blocked', 'no_show')),
    ADD COLUMN no_show_at timestamptz,
    ADD COLUMN no_show_by bigint;

-- Realtor blocks (kind 'block', status 'blocked') carry their realtor, reason and author; a block is removed by
-- deleting its row (booking.block.removed.v1 keeps the record).
ALTER TABLE stays
    ADD COLUMN block_created_by bigint,
    ADD CONSTRAINT stays_block_reason CHECK (kind = 'booking' OR block_reason IN ('repair', 'own_use', 'elsewhere'));

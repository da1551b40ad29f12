-- Handled updates are remembered only as long as Telegram may deliver them again (it keeps an unconfirmed update
-- for at most 24 hours); the gateway deletes older rows periodically (ProcessedUpdatesPruner), by this index.
CREATE INDEX processed_updates_processed_at ON processed_updates (processed_at);

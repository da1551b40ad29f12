-- Claims read a bounded window of the queue instead of sorting all of it: due notifications in claim order
-- (urgent first, then oldest) come straight off this index, so a claim costs the same with 10 or 100,000
-- queued. `urgent` is set at insert from NotificationKind.urgent; existing queued rows get it here.

ALTER TABLE notifications ADD COLUMN urgent boolean NOT NULL DEFAULT false;

UPDATE notifications SET urgent = true
WHERE status = 'queued'
  AND kind IN ('booking_paid_guest', 'hold_ending_soon', 'booking_expired_guest', 'booking_cancelled_guest',
               'payment_failed_guest', 'refund_completed_guest');

CREATE INDEX notifications_claim ON notifications (urgent DESC, not_before, id) WHERE status = 'queued';

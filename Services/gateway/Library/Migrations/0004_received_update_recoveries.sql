-- How many starts have picked a stored update up again without finishing it. An update whose handling stops the
-- process (a trap, not a thrown error) would otherwise stop it again at every start; after a few such starts it is
-- given up (recorded as handled, the chat told to try again) so that the bot keeps working for everyone else.
ALTER TABLE received_updates ADD COLUMN recoveries integer NOT NULL DEFAULT 0;

-- Searches of one application's entries, newest first: without it a search for a small app walks
-- the time index through every other app's entries until its page is full.
CREATE INDEX activity_log_app ON activity_log (app, occurred_at, id);

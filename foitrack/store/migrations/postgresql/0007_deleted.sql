-- 7: requests deleted as added by mistake (the day, from their 'deleted'
-- event), left out of every query but get and export.
ALTER TABLE request ADD COLUMN deleted TEXT COLLATE "C";
UPDATE request SET deleted = (
    SELECT max(date) FROM event
    WHERE event.request_id = request.id AND type = 'deleted' AND removed IS NULL
)

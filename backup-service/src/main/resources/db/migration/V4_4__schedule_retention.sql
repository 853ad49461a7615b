-- Retention per schedule: the policy (JSON of RetentionPolicy; NULL keeps every set) and what its last run did. The
-- sets a schedule made are recorded when it fires (its job's backup id, in the same transaction that queues the job),
-- so that its policy only ever decides the sets it made.
ALTER TABLE backup_schedule ADD COLUMN retention TEXT;
ALTER TABLE backup_schedule ADD COLUMN last_retention TEXT;

CREATE TABLE backup_schedule_set (
    schedule_id VARCHAR(40) NOT NULL,
    backup_id   VARCHAR(80) NOT NULL,
    job_id      VARCHAR(40) NOT NULL,
    fired_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (schedule_id, backup_id)
);
CREATE INDEX backup_schedule_set_job ON backup_schedule_set (job_id);

-- An incremental set continues another: its range starts where the parent's ended.
ALTER TABLE backup_set ADD COLUMN parent VARCHAR(80);

-- Most distinct values each label of a metric may take (first come, first served); NULL: no limit.
ALTER TABLE metric_definition ADD COLUMN max_label_values INTEGER;

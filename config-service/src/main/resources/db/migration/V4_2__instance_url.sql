-- Where config-service reaches an instance's dry-run bind (the config client's /config-client/bind-check), as the
-- instance last acknowledged it; NULL when it serves no HTTP.
ALTER TABLE config_instance ADD COLUMN url VARCHAR(512);

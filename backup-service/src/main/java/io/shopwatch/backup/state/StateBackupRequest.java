package io.shopwatch.backup.state;

import java.util.List;

/**
 * A platform-state backup as the job stores it.
 *
 * @param services the services whose state is exported, sorted
 * @param target the target's name
 */
public record StateBackupRequest(List<String> services, String target) {}

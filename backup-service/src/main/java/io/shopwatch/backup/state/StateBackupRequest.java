package io.shopwatch.backup.state;

import java.util.List;

/**
 * A platform-state backup as the job stores it.
 *
 * @param services the services whose state is exported, sorted
 * @param target the target's name
 * @param full whether the services are asked for their full state (auth-service's hashes, encrypted)
 */
public record StateBackupRequest(List<String> services, String target, boolean full) {

    public StateBackupRequest(List<String> services, String target) {
        this(services, target, false);
    }
}

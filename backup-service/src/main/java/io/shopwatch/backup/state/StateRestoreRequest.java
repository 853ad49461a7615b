package io.shopwatch.backup.state;

import java.util.List;

/**
 * A platform-state restore as the job stores it.
 *
 * @param services the services restored; empty: every service of the set
 * @param conflicts {@code skip}, {@code overwrite} or {@code fail}
 * @param dryRun ask every service what it would do, write nothing
 */
public record StateRestoreRequest(List<String> services, String conflicts, boolean dryRun) {

    public StateRestoreRequest {
        services = services == null ? List.of() : List.copyOf(services);
    }
}

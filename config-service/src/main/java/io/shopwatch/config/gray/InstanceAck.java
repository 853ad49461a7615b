package io.shopwatch.config.gray;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An instance's last acknowledgement: the releases it applied (one per profile it follows) and when it said so.
 *
 * @param profiles the profiles it follows, a comma list as it asks for them
 * @param url where its dry-run bind is reached (the base URL of its HTTP server), null when it serves none
 */
public record InstanceAck(
        Instance instance, String profiles, String version, List<Long> releases, Instant ackedAt, String url) {

    public InstanceAck(Instance instance, String profiles, String version, List<Long> releases, Instant ackedAt) {
        this(instance, profiles, version, releases, ackedAt, null);
    }

    public InstanceAck {
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    /** Whether the instance follows this profile. */
    public boolean follows(String profile) {
        return Arrays.stream(profiles.split(",")).map(String::strip).anyMatch(profile::equals);
    }
}

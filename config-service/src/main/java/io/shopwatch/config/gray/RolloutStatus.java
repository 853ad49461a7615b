package io.shopwatch.config.gray;

import java.time.Instant;
import java.util.List;

/**
 * Where a target's rollout stands, from the instances' acknowledgements: for every instance following the profile,
 * the release it should run and whether it said it applied it.
 *
 * @param gray the newest gray release of the target, {@code null} if there never was one
 * @param inForce the release in force
 */
public record RolloutStatus(GrayRelease gray, Long inForce, List<InstanceStatus> instances) {

    /** Whether an instance runs what it should. */
    public enum Applied {
        APPLIED,
        PENDING
    }

    /**
     * One instance.
     *
     * @param gray whether it is chosen by the gray release in progress
     * @param expectedRelease what it should run: the gray release when chosen, else the release in force
     * @param appliedRelease what it last acknowledged for this profile, {@code null} if none
     */
    public record InstanceStatus(
            Instance instance,
            boolean gray,
            Long expectedRelease,
            Long appliedRelease,
            Applied status,
            Instant ackedAt) {}

    /** Counts of chosen instances, and of those that applied the gray release. */
    public long grayInstances() {
        return instances.stream().filter(InstanceStatus::gray).count();
    }

    public long grayApplied() {
        return instances.stream()
                .filter(i -> i.gray() && i.status() == Applied.APPLIED)
                .count();
    }
}

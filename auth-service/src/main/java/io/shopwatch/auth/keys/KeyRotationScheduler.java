package io.shopwatch.auth.keys;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Rotates the signing key when it reached the rotation interval, and picks up other replicas' rotations. */
@Component
public class KeyRotationScheduler {

    private final SigningKeys keys;

    public KeyRotationScheduler(SigningKeys keys) {
        this.keys = keys;
    }

    @Scheduled(
            fixedDelayString = "${shopwatch.auth.keys.rotation-check-interval}",
            initialDelayString = "${shopwatch.auth.keys.rotation-check-interval}")
    void rotateWhenDue() {
        keys.rotateIfDue();
        keys.deleteExpired();
    }

    @Scheduled(
            fixedDelayString = "${shopwatch.auth.keys.reload-interval}",
            initialDelayString = "${shopwatch.auth.keys.reload-interval}")
    void reload() {
        keys.reload();
    }
}

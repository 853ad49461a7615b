package io.shopwatch.common.security;

import java.security.PublicKey;
import java.util.Optional;

/** Where a verifier finds the public key of a {@code kid}. */
@FunctionalInterface
public interface VerificationKeys {

    /** The published key with this id, or empty when it is unknown (never published, or no longer published). */
    Optional<PublicKey> find(String kid);
}

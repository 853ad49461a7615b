package io.shopwatch.auth.user;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Password hashes: Argon2id (Spring Security's defaults: 16 MiB, 2 iterations) with the algorithm as a {@code {id}}
 * prefix, so that the parameters can be raised later and old hashes are upgraded at the next login. Logins for user
 * names that do not exist still compute a hash, so that timing does not reveal which names exist.
 */
@Component
public class PasswordHashing {

    private final PasswordEncoder encoder;
    private final String decoy;

    public PasswordHashing() {
        this.encoder = new DelegatingPasswordEncoder(
                "argon2",
                Map.of(
                        "argon2",
                        Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8(),
                        "bcrypt",
                        new BCryptPasswordEncoder()));
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.decoy = encoder.encode(Base64.getEncoder().encodeToString(random));
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Whether the password matches; a {@code null} hash (unknown user) costs the same and never matches. */
    public boolean matches(String password, String hash) {
        if (password == null) {
            return false;
        }
        if (hash == null) {
            encoder.matches(password, decoy);
            return false;
        }
        return encoder.matches(password, hash);
    }

    public boolean needsRehash(String hash) {
        return encoder.upgradeEncoding(hash);
    }
}

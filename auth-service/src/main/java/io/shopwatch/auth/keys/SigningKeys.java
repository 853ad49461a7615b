package io.shopwatch.auth.keys;

import io.jsonwebtoken.security.Jwks;
import io.shopwatch.auth.audit.AuditAction;
import io.shopwatch.auth.audit.AuditEvent;
import io.shopwatch.auth.audit.AuditLog;
import io.shopwatch.auth.audit.Outcome;
import io.shopwatch.common.security.TokenClaims;
import io.shopwatch.common.security.VerificationKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The token signing keys: one signs, the ones it replaced stay published until every token they signed has expired,
 * then they are deleted. Rotation (by endpoint or schedule) never logs anybody out: tokens already issued keep
 * verifying with the previous key. The key set lives in PostgreSQL, so every replica signs and verifies with the same
 * keys; each replica reloads it every {@code reloadInterval} and whenever a token names a key it does not know.
 */
public class SigningKeys implements VerificationKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration MISS_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final SigningKeyRepository repository;
    private final KeyEncryptor encryptor;
    private final TransactionTemplate transaction;
    private final TokenProperties tokens;
    private final KeyProperties properties;
    private final AuditLog audit;
    private final Clock clock;

    private volatile Ring ring = new Ring(List.of(), null);
    private volatile Instant lastMissReload = Instant.MIN;

    /** The loaded keys, newest first, and the private half of the signing one. */
    private record Ring(List<SigningKey> keys, ActiveKey active) {}

    /** The key tokens are signed with now. */
    public record ActiveKey(String kid, PrivateKey privateKey) {}

    public SigningKeys(
            SigningKeyRepository repository,
            KeyEncryptor encryptor,
            PlatformTransactionManager transactions,
            TokenProperties tokens,
            KeyProperties properties,
            AuditLog audit,
            Clock clock) {
        this.repository = repository;
        this.encryptor = encryptor;
        this.transaction = new TransactionTemplate(transactions);
        this.tokens = tokens;
        this.properties = properties;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates the first key when there is none yet, and loads the key set. */
    public void initialize() {
        transaction.executeWithoutResult(status -> {
            repository.lock();
            if (repository.findAll().stream().noneMatch(SigningKey::signing)) {
                SigningKey key = generate(clock.instant());
                repository.insert(key, TokenClaims.ALGORITHM);
                log.info("generated the first token signing key {}", key.kid());
            }
        });
        reload();
    }

    /** The key to sign with. */
    public ActiveKey active() {
        ActiveKey active = ring.active();
        if (active == null) {
            reload();
            active = ring.active();
        }
        if (active == null) {
            throw new IllegalStateException("no token signing key; auth-service did not initialise");
        }
        return active;
    }

    @Override
    public Optional<PublicKey> find(String kid) {
        Optional<PublicKey> key = published(ring).stream()
                .filter(k -> k.kid().equals(kid))
                .map(k -> (PublicKey) k.publicKey())
                .findFirst();
        if (key.isEmpty()) {
            Instant now = Instant.now();
            if (lastMissReload.plus(MISS_RELOAD_INTERVAL).isBefore(now)) {
                lastMissReload = now;
                reload();
                return published(ring).stream()
                        .filter(k -> k.kid().equals(kid))
                        .map(k -> (PublicKey) k.publicKey())
                        .findFirst();
            }
        }
        return key;
    }

    /** The keys of the JWK set: the signing one and those whose tokens may still be valid, newest first. */
    public List<SigningKey> published() {
        return published(ring);
    }

    /** Every stored key, newest first (for the key list of administrators). */
    public List<SigningKey> all() {
        return ring.keys();
    }

    /** The public JWK of a key, as published. */
    public static String jwkJson(SigningKey key) {
        return Jwks.json(Jwks.builder()
                .key(key.publicKey())
                .id(key.kid())
                .algorithm(TokenClaims.ALGORITHM)
                .publicKeyUse("sig")
                .build());
    }

    /** Starts signing with a new key; the previous ones stay published until their tokens expired. */
    public SigningKey rotate(AuditEvent.Builder auditEvent) {
        SigningKey created = transaction.execute(status -> {
            repository.lock();
            return rotateLocked(clock.instant());
        });
        reload();
        audit.record(auditEvent.target(created.kid()).build());
        log.info("token signing key rotated: {} signs from now on", created.kid());
        return created;
    }

    /** Rotates when the signing key is older than the rotation interval; returns whether it did. */
    public boolean rotateIfDue() {
        Duration interval = properties.rotationInterval();
        if (interval.isZero() || interval.isNegative()) {
            return false;
        }
        SigningKey created = transaction.execute(status -> {
            repository.lock();
            Instant now = clock.instant();
            boolean due = repository.findAll().stream()
                    .filter(SigningKey::signing)
                    .allMatch(k -> !k.createdAt().plus(interval).isAfter(now));
            return due ? rotateLocked(now) : null;
        });
        if (created == null) {
            return false;
        }
        reload();
        audit.record(AuditEvent.of(AuditAction.KEY_ROTATE, Outcome.SUCCESS)
                .actor("scheduler", AuditEvent.SYSTEM)
                .target(created.kid())
                .detail("reason", "rotation interval " + interval + " reached")
                .build());
        log.info("token signing key rotated on schedule: {} signs from now on", created.kid());
        return true;
    }

    /** Deletes keys whose tokens have all expired. */
    public int deleteExpired() {
        Integer deleted = transaction.execute(
                status -> repository.deleteRetiredBefore(clock.instant().minus(tokens.longestTokenLife())));
        if (deleted != null && deleted > 0) {
            reload();
        }
        return deleted == null ? 0 : deleted;
    }

    /** Reads the key set again (another replica may have rotated). */
    public void reload() {
        List<SigningKey> keys = repository.findAll();
        ActiveKey active = keys.stream()
                .filter(SigningKey::signing)
                .findFirst()
                .map(this::decrypt)
                .orElse(null);
        ring = new Ring(List.copyOf(keys), active);
    }

    private SigningKey rotateLocked(Instant now) {
        SigningKey key = generate(now);
        repository.insert(key, TokenClaims.ALGORITHM);
        repository.retireAllBut(key.kid(), now);
        repository.deleteRetiredBefore(now.minus(tokens.longestTokenLife()));
        return key;
    }

    private List<SigningKey> published(Ring current) {
        Instant now = clock.instant();
        Duration life = tokens.longestTokenLife();
        return current.keys().stream().filter(k -> k.published(now, life)).toList();
    }

    private SigningKey generate(Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(properties.rsaKeySize());
            KeyPair pair = generator.generateKeyPair();
            RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
            String kid =
                    Jwks.builder().key(publicKey).idFromThumbprint().build().getId();
            byte[] sealed = encryptor.encrypt(pair.getPrivate().getEncoded(), kid);
            return new SigningKey(kid, publicKey, sealed, now, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an RSA key pair", e);
        }
    }

    private ActiveKey decrypt(SigningKey key) {
        byte[] pkcs8 = encryptor.decrypt(key.encryptedPrivateKey(), key.kid());
        try {
            return new ActiveKey(
                    key.kid(), KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signing key " + key.kid() + " is not an RSA private key", e);
        }
    }
}

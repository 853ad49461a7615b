package io.shopwatch.dashboard.service;

import io.shopwatch.dashboard.model.Dashboards;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import tools.jackson.databind.JsonNode;

/** Ids of new dashboards and folders, and the hash of a dashboard's revision. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {}

    /** 20 random lower-case letters and digits. */
    public static String newId() {
        char[] id = new char[20];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    /**
     * The hash of one revision, a decimal unsigned 64-bit number as OpenObserve prints its own: the first eight bytes of
     * SHA-256 over the revision number, the folder and the document. Clients treat it as opaque.
     */
    public static String hash(long revision, String folderId, JsonNode document) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((revision + "\n" + folderId + "\n").getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest(Dashboards.JSON.writeValueAsBytes(document));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return Long.toUnsignedString(value);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}

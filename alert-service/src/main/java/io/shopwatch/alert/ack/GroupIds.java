package io.shopwatch.alert.ack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable ids of alert groups: the first 16 hex digits of sha256(org, group key), the same on every replica. */
public final class GroupIds {

    private GroupIds() {}

    public static String of(String org, String groupKey) {
        return sha256Hex(org + "\n" + groupKey).substring(0, 16);
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

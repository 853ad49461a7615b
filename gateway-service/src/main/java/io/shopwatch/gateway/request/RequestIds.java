package io.shopwatch.gateway.request;

import java.util.concurrent.ThreadLocalRandom;

/** Request ids: the client's own when it is safe to log and forward, a fresh random one otherwise. */
public final class RequestIds {

    /** Header carrying the request id, to the services and back to the client. */
    public static final String HEADER = "X-Request-Id";

    /** Longest client-supplied request id kept. */
    public static final int MAX_LENGTH = 128;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {}

    /** The incoming id when it is valid, a new one otherwise. */
    public static String keepOrGenerate(String incoming) {
        return isValid(incoming) ? incoming : generate();
    }

    /** 1 to {@value #MAX_LENGTH} characters out of letters, digits and {@code . _ : -}. */
    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean safe = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == ':';
            if (!safe) {
                return false;
            }
        }
        return true;
    }

    /** 32 random hex digits; unique enough to find one request in the logs, not a secret. */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[15 - i] = HEX[(int) (high & 0xf)];
            id[31 - i] = HEX[(int) (low & 0xf)];
            high >>>= 4;
            low >>>= 4;
        }
        return new String(id);
    }
}

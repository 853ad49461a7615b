package io.shopwatch.store.ingest;

import java.util.Locale;

/** OpenObserve's name normalisation for streams ({@code format_stream_name}) and for record keys ({@code format_key}). */
public final class Names {

    private Names() {}

    /**
     * Every run of characters outside {@code [a-zA-Z0-9_:]} becomes one {@code _}; then lower-cased unless told
     * otherwise. {@code My-App.Logs} → {@code my_app_logs}, {@code ****} → {@code _}.
     */
    public static String streamName(String name, boolean toLowerCase) {
        StringBuilder out = new StringBuilder(name.length());
        boolean inRun = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean keep =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':';
            if (keep) {
                out.append(c);
                inRun = false;
            } else if (!inRun) {
                out.append('_');
                inRun = true;
            }
        }
        String result = out.toString();
        return toLowerCase ? result.toLowerCase(Locale.ROOT) : result;
    }

    /**
     * Every character that is neither lower-case nor numeric becomes lower-case (upper-case letters) or {@code _}
     * (anything else), one for one: {@code @timestamp} → {@code _timestamp}, {@code k8s/pod-name} → {@code k8s_pod_name}.
     */
    public static String key(String key) {
        if (isFormatted(key)) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length());
        key.codePoints().forEach(cp -> {
            if (Character.isLowerCase(cp) || isNumeric(cp)) {
                out.appendCodePoint(cp);
            } else if (Character.isUpperCase(cp)) {
                out.appendCodePoint(Character.toLowerCase(cp));
            } else {
                out.append('_');
            }
        });
        return out.toString();
    }

    private static boolean isFormatted(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumeric(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}

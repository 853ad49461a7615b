package io.shopwatch.common.openobserve;

/**
 * OpenObserve's rules for stream and field names, the one copy every ShopWatch service uses.
 *
 * <ul>
 *   <li>{@link #streamName} is {@code format_stream_name} ({@code src/config/src/utils/schema.rs}): every run of
 *       characters outside {@code [a-zA-Z0-9_:]} becomes one {@code _} (regex {@code [^a-zA-Z0-9_:]+}), then the result
 *       is lower-cased when {@code ZO_FORMAT_STREAM_NAME_TO_LOWERCASE} is on (the default).
 *   <li>{@link #key} is {@code format_key} ({@code src/config/src/utils/flatten.rs}): per character, lower-case
 *       letters and numerics (Unicode) stay, upper-case letters become lower-case, everything else becomes {@code _},
 *       one for one (no collapsing).
 * </ul>
 *
 * <p>Both run per record on the ingest path: names that are already normal are returned as they are, without
 * allocation, and no regular expression is involved.
 */
public final class OpenObserveNames {

    private OpenObserveNames() {}

    /**
     * OpenObserve's {@code format_stream_name}: {@code My-App.Logs} → {@code my_app_logs}, {@code a--b} → {@code a_b},
     * {@code ****} → {@code _}, {@code a::b} stays. Empty stays empty (OpenObserve refuses it before this point).
     */
    public static String streamName(String name, boolean toLowerCase) {
        int i = 0;
        int length = name.length();
        while (i < length && isStreamChar(name.charAt(i), toLowerCase)) {
            i++;
        }
        if (i == length) {
            return name;
        }
        StringBuilder out = new StringBuilder(length);
        out.append(name, 0, i);
        boolean inRun = false;
        for (; i < length; i++) {
            char c = name.charAt(i);
            if (isStreamChar(c, false)) {
                out.append(toLowerCase && c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                inRun = false;
            } else if (!inRun) {
                out.append('_');
                inRun = true;
            }
        }
        return out.toString();
    }

    /** {@link #streamName} with OpenObserve's default, lower case. */
    public static String streamName(String name) {
        return streamName(name, true);
    }

    /**
     * OpenObserve's {@code format_key}: {@code Country} → {@code country}, {@code kubernetes.labels.app} →
     * {@code kubernetes_labels_app}, {@code @timestamp} → {@code _timestamp}, {@code a--b} → {@code a__b},
     * {@code Ünïcode} → {@code ünïcode}.
     */
    public static String key(String key) {
        int length = key.length();
        int i = 0;
        while (i < length && isAsciiKeyChar(key.charAt(i))) {
            i++;
        }
        if (i == length) {
            return key;
        }
        if (isFormattedKey(key, i)) {
            return key;
        }
        StringBuilder out = new StringBuilder(length);
        out.append(key, 0, i);
        while (i < length) {
            int cp = key.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLowerCase(cp) || isNumeric(cp)) {
                out.appendCodePoint(cp);
            } else if (Character.isUpperCase(cp)) {
                out.appendCodePoint(Character.toLowerCase(cp));
            } else {
                out.append('_');
            }
        }
        return out.toString();
    }

    /** Whether {@link #key} returns the key unchanged. */
    public static boolean isFormattedKey(String key) {
        return isFormattedKey(key, 0);
    }

    private static boolean isFormattedKey(String key, int from) {
        for (int i = from; i < key.length(); ) {
            int cp = key.codePointAt(i);
            if (!(cp == '_' || Character.isLowerCase(cp) || isNumeric(cp))) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isStreamChar(char c, boolean lowerOnly) {
        return (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == ':'
                || (!lowerOnly && c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Rust's {@code char::is_numeric}: the Unicode categories Nd, Nl and No. */
    private static boolean isNumeric(int cp) {
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}

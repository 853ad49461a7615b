package io.shopwatch.logging.analytics;

/**
 * Turns a log message into its pattern, so that "order 1234 failed" and "order 5678 failed" count as one error:
 * numbers become {@code <n>}, hexadecimal ids and UUIDs {@code <id>}, quoted strings {@code <s>}, e-mail addresses
 * {@code <email>}. One pass, no regular expressions.
 */
public final class MessagePatterns {

    /** Longest pattern kept: the start of a message is what tells errors apart. */
    static final int MAX_LENGTH = 300;

    private MessagePatterns() {}

    public static String of(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(message.length(), MAX_LENGTH));
        int n = message.length();
        int i = 0;
        while (i < n && out.length() < MAX_LENGTH) {
            char c = message.charAt(i);
            if (c == '"' || c == '\'') {
                int end = message.indexOf(c, i + 1);
                if (end > i && end - i <= 200) {
                    out.append("<s>");
                    i = end + 1;
                    continue;
                }
            }
            if (isWordChar(c) && (i == 0 || !isWordChar(message.charAt(i - 1)))) {
                int end = i;
                boolean digit = false;
                boolean hexOnly = true;
                boolean at = false;
                while (end < n
                        && (isWordChar(message.charAt(end))
                                || message.charAt(end) == '-'
                                || message.charAt(end) == '@'
                                || message.charAt(end) == '.')) {
                    char w = message.charAt(end);
                    digit |= Character.isDigit(w);
                    hexOnly &= Character.digit(w, 16) >= 0 || w == '-';
                    at |= w == '@';
                    end++;
                }
                // a word may end a sentence: leave the final dot out
                while (end > i + 1 && message.charAt(end - 1) == '.') {
                    end--;
                }
                String word = message.substring(i, end);
                if (at && word.indexOf('.', word.indexOf('@')) > 0) {
                    out.append("<email>");
                } else if (digit && hexOnly && word.length() >= 8) {
                    out.append("<id>");
                } else if (digit && isNumber(word)) {
                    out.append("<n>");
                } else if (digit) {
                    out.append(maskDigits(word));
                } else {
                    out.append(word);
                }
                i = end;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString().trim();
    }

    private static boolean isNumber(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (!Character.isDigit(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** {@code user42} → {@code user<n>}: runs of digits inside a word. */
    private static String maskDigits(String word) {
        StringBuilder out = new StringBuilder(word.length());
        boolean inDigits = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c)) {
                if (!inDigits) {
                    out.append("<n>");
                }
                inDigits = true;
            } else {
                out.append(c);
                inDigits = false;
            }
        }
        return out.toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

package io.shopwatch.pipeline.quality;

import java.util.EnumMap;
import java.util.Map;

/**
 * Finds and masks personal data in text with one left-to-right scan, no regular expressions: e-mail addresses,
 * mainland-China mobile numbers (11 digits starting 13–19, optionally +86), Chinese resident identity numbers (18
 * characters with a valid ISO 7064 MOD 11-2 check digit) and bank card numbers (13–19 digits starting 3–6 with a valid
 * Luhn check). Digit groups may be separated by single spaces or dashes, as people write them. Text with no digit and
 * no {@code @} is returned as it is, without copying.
 */
public final class PiiScanner {

    public enum Kind {
        EMAIL,
        PHONE,
        RESIDENT_ID,
        BANK_CARD
    }

    private static final char MASK = '*';
    private static final int MAX_RUN_DIGITS = 19;
    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] ID_CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** What one scan found, by kind. */
    public static final class Findings {
        private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

        void add(Kind kind) {
            counts.merge(kind, 1, Integer::sum);
        }

        public int count(Kind kind) {
            return counts.getOrDefault(kind, 0);
        }

        public boolean isEmpty() {
            return counts.isEmpty();
        }

        public Map<Kind, Integer> asMap() {
            return Map.copyOf(counts);
        }
    }

    private PiiScanner() {}

    /** The text with every finding masked; the same instance when nothing was found. */
    public static String mask(String text, Findings findings) {
        if (!worthScanning(text)) {
            return text;
        }
        Masked masked = new Masked(text);
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '@') {
                int[] span = emailSpan(text, i);
                if (span != null) {
                    char[] out = masked.chars();
                    for (int k = span[0] + 1; k < i; k++) {
                        out[k] = MASK;
                    }
                    findings.add(Kind.EMAIL);
                    i = span[1];
                    continue;
                }
            } else if (isDigit(c) && (i == 0 || !isLetterOrDigit(text.charAt(i - 1)))) {
                i = Math.max(scanNumber(text, i, findings, masked), i + 1);
                continue;
            }
            i++;
        }
        return masked.result();
    }

    /** The copy of the text that masks are written into, made on the first finding only. */
    private static final class Masked {
        private final String text;
        private char[] chars;

        Masked(String text) {
            this.text = text;
        }

        char[] chars() {
            if (chars == null) {
                chars = text.toCharArray();
            }
            return chars;
        }

        String result() {
            return chars == null ? text : new String(chars);
        }
    }

    private static boolean worthScanning(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@' || isDigit(c)) {
                return true;
            }
        }
        return false;
    }

    /** Reads a run of digits starting at {@code start}, masks it when it is personal data, returns the index after it. */
    private static int scanNumber(String text, int start, Findings findings, Masked masked) {
        int n = text.length();
        int[] positions = new int[MAX_RUN_DIGITS + 1];
        int digits = 0;
        boolean separated = false;
        int i = start;
        while (i < n && digits <= MAX_RUN_DIGITS) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                positions[Math.min(digits, MAX_RUN_DIGITS)] = i;
                digits++;
                i++;
            } else if ((c == ' ' || c == '-') && i + 1 < n && isDigit(text.charAt(i + 1)) && digits > 0) {
                separated = true;
                i++;
            } else {
                break;
            }
        }
        // an ID may end in X
        boolean trailingX = false;
        if (digits == 17 && !separated && i < n && (text.charAt(i) == 'X' || text.charAt(i) == 'x')) {
            trailingX = true;
            i++;
        }
        if (digits > MAX_RUN_DIGITS || (i < n && isLetterOrDigit(text.charAt(i)))) {
            while (i < n && isLetterOrDigit(text.charAt(i))) {
                i++;
            }
            return i;
        }
        Kind kind = classify(text, start, positions, digits, separated, trailingX);
        if (kind == null) {
            return i;
        }
        findings.add(kind);
        char[] out = masked.chars();
        int total = trailingX ? 18 : digits;
        int keepHead;
        int keepTail;
        switch (kind) {
            case PHONE -> {
                keepHead = digits - 8; // +86 prefix and the first three digits stay
                keepTail = 4;
            }
            case RESIDENT_ID, BANK_CARD -> {
                keepHead = 6;
                keepTail = 4;
            }
            default -> throw new IllegalStateException(kind.name());
        }
        for (int d = keepHead; d < total - keepTail; d++) {
            out[positions[d]] = MASK;
        }
        return i;
    }

    private static Kind classify(
            String text, int start, int[] positions, int digits, boolean separated, boolean trailingX) {
        if (trailingX || (digits == 18 && !separated)) {
            return residentIdValid(text, positions, trailingX) ? Kind.RESIDENT_ID : null;
        }
        if (digits == 11 && isMobile(text, positions, 0)) {
            return Kind.PHONE;
        }
        if (digits == 13
                && start > 0
                && text.charAt(start - 1) == '+'
                && text.charAt(positions[0]) == '8'
                && text.charAt(positions[1]) == '6'
                && isMobile(text, positions, 2)) {
            return Kind.PHONE;
        }
        if (digits >= 13 && digits <= MAX_RUN_DIGITS) {
            char first = text.charAt(positions[0]);
            if (first >= '3' && first <= '6' && luhnValid(text, positions, digits)) {
                return Kind.BANK_CARD;
            }
        }
        return null;
    }

    private static boolean isMobile(String text, int[] positions, int from) {
        return text.charAt(positions[from]) == '1'
                && text.charAt(positions[from + 1]) >= '3'
                && text.charAt(positions[from + 1]) <= '9';
    }

    static boolean residentIdValid(String text, int[] positions, boolean trailingX) {
        int sum = 0;
        for (int d = 0; d < 17; d++) {
            sum += (text.charAt(positions[d]) - '0') * ID_WEIGHTS[d];
        }
        char expected = ID_CHECK[sum % 11];
        char actual = trailingX ? 'X' : text.charAt(positions[17]);
        return expected == actual;
    }

    static boolean luhnValid(String text, int[] positions, int digits) {
        int sum = 0;
        boolean twice = false;
        for (int d = digits - 1; d >= 0; d--) {
            int v = text.charAt(positions[d]) - '0';
            if (twice) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The span [start of local part, end of domain) of an e-mail address around the {@code @} at {@code at}. */
    private static int[] emailSpan(String text, int at) {
        int start = at;
        while (start > 0 && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        if (start == at) {
            return null;
        }
        int end = at + 1;
        int lastDot = -1;
        while (end < text.length() && isDomainChar(text.charAt(end))) {
            if (text.charAt(end) == '.') {
                lastDot = end;
            }
            end++;
        }
        // trailing dots belong to the sentence, not the domain
        while (end > at + 1 && text.charAt(end - 1) == '.') {
            end--;
            lastDot = text.lastIndexOf('.', end - 1);
        }
        if (lastDot <= at + 1 || end - lastDot - 1 < 2) {
            return null;
        }
        for (int k = lastDot + 1; k < end; k++) {
            if (!Character.isLetter(text.charAt(k))) {
                return null;
            }
        }
        return new int[] {start, end};
    }

    private static boolean isLocalChar(char c) {
        return isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean isDomainChar(char c) {
        return isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

package io.shopwatch.auth.user;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a password must be. Follows NIST SP 800-63B: length matters, composition rules do not; passwords made of a
 * well-known word plus digits and punctuation, of too few different characters, or containing the user name are
 * refused.
 */
public final class PasswordPolicy {

    /** Longest password accepted (Argon2 has no length limit; this bounds the work per login). */
    public static final int MAX_LENGTH = 128;

    private static final int MIN_DISTINCT = 5;

    /** Words that, with only digits and punctuation added, make the first passwords an attacker tries. */
    private static final Set<String> COMMON_WORDS = Set.of(
            "",
            "password",
            "passw",
            "pass",
            "passwort",
            "admin",
            "administrator",
            "root",
            "qwerty",
            "qwertyuiop",
            "asdfgh",
            "asdfghjkl",
            "zxcvbnm",
            "letmein",
            "welcome",
            "changeme",
            "iloveyou",
            "monkey",
            "dragon",
            "football",
            "baseball",
            "sunshine",
            "princess",
            "master",
            "secret",
            "shopwatch",
            "openobserve",
            "abc",
            "abcdef",
            "abcdefgh",
            "test",
            "default");

    private final int minLength;

    public PasswordPolicy(int minLength) {
        if (minLength < 8 || minLength > MAX_LENGTH) {
            throw new IllegalArgumentException("minimum password length must be between 8 and " + MAX_LENGTH);
        }
        this.minLength = minLength;
    }

    public int minLength() {
        return minLength;
    }

    /** Everything wrong with a password for this user; empty when it is acceptable. */
    public List<String> violations(String password, String username) {
        List<String> violations = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            violations.add("password is required");
            return violations;
        }
        int length = password.codePointCount(0, password.length());
        if (length < minLength) {
            violations.add("password must have at least " + minLength + " characters");
        }
        if (length > MAX_LENGTH) {
            violations.add("password must have at most " + MAX_LENGTH + " characters");
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            violations.add("password must use at least " + MIN_DISTINCT + " different characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && username.length() >= 3 && lower.contains(username.toLowerCase(Locale.ROOT))) {
            violations.add("password must not contain the user name");
        }
        if (COMMON_WORDS.contains(coreWord(lower))) {
            violations.add("password is a common word with digits or symbols added");
        }
        return violations;
    }

    /**
     * The word a password is built around: digits and symbols around it removed, look-alike characters inside it
     * read as letters ({@code P@ssw0rd-2024} becomes {@code password}).
     */
    static String coreWord(String lowerCase) {
        String core = lowerCase.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        StringBuilder letters = new StringBuilder(core.length());
        for (char c : core.toCharArray()) {
            char read =
                    switch (c) {
                        case '0' -> 'o';
                        case '1', '!' -> 'i';
                        case '3' -> 'e';
                        case '4', '@' -> 'a';
                        case '5', '$' -> 's';
                        case '7' -> 't';
                        default -> c;
                    };
            if (Character.isLetter(read)) {
                letters.append(read);
            }
        }
        return letters.toString();
    }
}

package io.shopwatch.dashboard.query;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenObserve's server-side rewrite of the "all values" placeholder ({@code remove_dashboard_placeholder.rs}): a
 * predicate comparing a column with {@value VariableSubstitution#ALL} ({@code =}, {@code >=}, {@code <=},
 * {@code LIKE}, {@code IN (...)}, {@code str_match(...)}) becomes {@code true}, {@code !=}/{@code <>}/{@code NOT IN}
 * becomes {@code false}. dashboard-service applies it before sending a query, so that stores without the rewrite (the
 * embedded store) give the same answer; for OpenObserve it changes nothing.
 */
public final class AllPlaceholder {

    private static final String COLUMN = "(?:\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_.]*)";
    private static final String ALL_LITERAL = "'[^']*" + VariableSubstitution.ALL + "[^']*'";
    private static final String LIST = "\\(\\s*(?:'[^']*'\\s*,\\s*)*" + ALL_LITERAL + "(?:\\s*,\\s*'[^']*')*\\s*\\)";

    private static final Pattern NOT_IN = Pattern.compile("(?i)" + COLUMN + "\\s+NOT\\s+IN\\s*" + LIST);
    private static final Pattern IN = Pattern.compile("(?i)" + COLUMN + "\\s+IN\\s*" + LIST);
    private static final Pattern NOT_EQUAL = Pattern.compile("(?i)" + COLUMN + "\\s*(?:!=|<>)\\s*" + ALL_LITERAL);
    private static final Pattern COMPARE =
            Pattern.compile("(?i)" + COLUMN + "\\s*(?:>=|<=|=|\\bNOT\\s+LIKE\\b|\\bI?LIKE\\b)\\s*" + ALL_LITERAL);
    private static final Pattern FUNCTION =
            Pattern.compile("(?i)\\b(?:str_match|str_match_ignore_case|match_field|re_match)\\s*\\(\\s*" + COLUMN
                    + "\\s*,\\s*" + ALL_LITERAL + "\\s*\\)");

    private AllPlaceholder() {}

    public static String rewrite(String sql) {
        if (!sql.contains(VariableSubstitution.ALL)) {
            return sql;
        }
        String out = NOT_IN.matcher(sql).replaceAll("false");
        out = IN.matcher(out).replaceAll("true");
        out = NOT_EQUAL.matcher(out).replaceAll("false");
        out = FUNCTION.matcher(out).replaceAll("true");
        Matcher compare = COMPARE.matcher(out);
        StringBuilder result = new StringBuilder();
        while (compare.find()) {
            boolean negated = compare.group().toUpperCase(java.util.Locale.ROOT).contains("NOT LIKE");
            compare.appendReplacement(result, negated ? "false" : "true");
        }
        compare.appendTail(result);
        return result.toString();
    }
}

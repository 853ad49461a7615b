package io.shopwatch.metrics.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small hand-written parser of the PromQL subset ShopWatch evaluates: numbers, vector selectors with the four
 * matchers, range selectors, {@code offset}, function calls, {@code sum/avg/min/max/count} with {@code by} /
 * {@code without} (before or after the argument), {@code topk}/{@code bottomk}, unary minus, and the binary operators
 * {@code ^ * / % + -}, {@code == != > < >= <=} (with {@code bool}) and {@code and or unless}, with {@code on(...)},
 * {@code ignoring(...)} and {@code group_left(...)}/{@code group_right(...)}, at Prometheus' precedences.
 */
public final class Parser {

    static final Set<String> AGGREGATIONS =
            Set.of("sum", "avg", "min", "max", "count", "topk", "bottomk", "stddev", "stdvar");

    /** Words Prometheus' lexer reads whatever their case. */
    private static final Set<String> KEYWORDS = Set.of(
            "sum",
            "avg",
            "min",
            "max",
            "count",
            "topk",
            "bottomk",
            "stddev",
            "stdvar",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset");

    /** The aggregations taking a parameter before the vector. */
    private static final Set<String> PARAMETRIZED = Set.of("topk", "bottomk");

    static final Set<String> SET_OPERATORS = Set.of("and", "or", "unless");

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");

    /** Binary operators and their precedence (higher binds tighter), as in Prometheus. */
    private static final Map<String, Integer> PRECEDENCE = Map.ofEntries(
            Map.entry("or", 1),
            Map.entry("and", 2),
            Map.entry("unless", 2),
            Map.entry("==", 3),
            Map.entry("!=", 3),
            Map.entry("<", 3),
            Map.entry(">", 3),
            Map.entry("<=", 3),
            Map.entry(">=", 3),
            Map.entry("+", 4),
            Map.entry("-", 4),
            Map.entry("*", 5),
            Map.entry("/", 5),
            Map.entry("%", 5),
            Map.entry("^", 6));

    private enum Kind {
        IDENT,
        NUMBER,
        STRING,
        PUNCT,
        EOF
    }

    private record Token(Kind kind, String text, int position) {}

    private final List<Token> tokens;
    private int next;

    private Parser(String query) {
        this.tokens = lex(query);
    }

    public static Expr parse(String query) {
        if (query == null || query.isBlank()) {
            throw new PromQlException("the query is empty");
        }
        Parser parser = new Parser(query);
        Expr expr = parser.binary(0);
        if (parser.peek().kind != Kind.EOF) {
            throw parser.error("unexpected " + parser.describe(parser.peek()));
        }
        return expr;
    }

    // --- expressions ---

    private Expr binary(int minPrecedence) {
        Expr left = unary();
        while (true) {
            Token token = peek();
            Integer precedence =
                    token.kind == Kind.PUNCT || (token.kind == Kind.IDENT && SET_OPERATORS.contains(token.text))
                            ? PRECEDENCE.get(token.text)
                            : null;
            if (precedence == null || precedence < minPrecedence) {
                return left;
            }
            next++;
            boolean setOperator = SET_OPERATORS.contains(token.text);
            boolean returnBool = false;
            if (peekIdent("bool")) {
                next++;
                returnBool = true;
            }
            if (returnBool && !COMPARISONS.contains(token.text)) {
                throw error("bool modifier only allowed on comparison operators");
            }
            boolean onGiven = false;
            List<String> on = List.of();
            Expr.Cardinality card = setOperator ? Expr.Cardinality.MANY_TO_MANY : Expr.Cardinality.ONE_TO_ONE;
            List<String> include = List.of();
            if (peekIdent("on") || peekIdent("ignoring")) {
                onGiven = take().text.equals("on");
                on = labelList();
                if (peekIdent("group_left") || peekIdent("group_right")) {
                    if (setOperator) {
                        throw error("no grouping allowed for \"" + token.text + "\" operation");
                    }
                    card = take().text.equals("group_left")
                            ? Expr.Cardinality.MANY_TO_ONE
                            : Expr.Cardinality.ONE_TO_MANY;
                    if (peekPunct("(")) {
                        include = labelList();
                    }
                    for (String label : include) {
                        if (onGiven && on.contains(label)) {
                            throw error("label \"" + label + "\" must not occur in ON and GROUP clause at once");
                        }
                    }
                }
            }
            Expr right = binary(token.text.equals("^") ? precedence : precedence + 1);
            left = new Expr.Binary(token.text, left, right, returnBool, onGiven, on, card, include);
        }
    }

    private Expr unary() {
        if (peekPunct("-")) {
            next++;
            Expr operand = binary(PRECEDENCE.get("^"));
            return operand instanceof Expr.NumberLiteral n
                    ? new Expr.NumberLiteral(-n.value())
                    : new Expr.Negation(operand);
        }
        if (peekPunct("+")) {
            next++;
            return binary(PRECEDENCE.get("^"));
        }
        return postfix(primary());
    }

    private Expr postfix(Expr expr) {
        if (peekPunct("[")) {
            if (!(expr instanceof Expr.VectorSelector selector)) {
                throw error("ranges only allowed for vector selectors");
            }
            next++;
            long range = duration(take());
            expect("]");
            expr = new Expr.MatrixSelector(selector, range);
        }
        if (peekIdent("offset")) {
            next++;
            boolean negative = false;
            if (peekPunct("-")) {
                next++;
                negative = true;
            }
            long offset = duration(take()) * (negative ? -1 : 1);
            if (expr instanceof Expr.VectorSelector s) {
                expr = new Expr.VectorSelector(s.metric(), s.matchers(), offset);
            } else if (expr instanceof Expr.MatrixSelector m) {
                Expr.VectorSelector s = m.selector();
                expr = new Expr.MatrixSelector(
                        new Expr.VectorSelector(s.metric(), s.matchers(), offset), m.rangeMillis());
            } else {
                throw error("offset modifier must be preceded by a selector");
            }
        }
        return expr;
    }

    private Expr primary() {
        Token token = take();
        switch (token.kind) {
            case NUMBER -> {
                return new Expr.NumberLiteral(number(token));
            }
            case STRING -> throw error("string literals are not supported here");
            case EOF -> throw error("unexpected end of input");
            case PUNCT -> {
                if (token.text.equals("(")) {
                    Expr inner = binary(0);
                    expect(")");
                    return inner;
                }
                if (token.text.equals("{")) {
                    return selector(null);
                }
                throw error("unexpected " + describe(token));
            }
            default -> {
                // identifier
            }
        }
        String name = token.text;
        String lower = name.toLowerCase(Locale.ROOT);
        if ((lower.equals("inf") || lower.equals("nan")) && !peekPunct("{") && !peekPunct("(")) {
            return new Expr.NumberLiteral(lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN);
        }
        if (AGGREGATIONS.contains(name) && (peekPunct("(") || peekIdent("by") || peekIdent("without"))) {
            return aggregation(name);
        }
        if (peekPunct("(")) {
            next++;
            List<Expr> args = new ArrayList<>();
            if (!peekPunct(")")) {
                do {
                    args.add(binary(0));
                } while (takeIf(","));
            }
            expect(")");
            return new Expr.Call(name, args);
        }
        if (peekPunct("{")) {
            next++;
            return selector(name);
        }
        return new Expr.VectorSelector(name, List.of(), 0);
    }

    private Expr aggregation(String op) {
        List<String> grouping = List.of();
        boolean without = false;
        boolean clause = false;
        if (peekIdent("by") || peekIdent("without")) {
            without = take().text.equals("without");
            grouping = labelList();
            clause = true;
        }
        expect("(");
        Expr param = null;
        if (PARAMETRIZED.contains(op)) {
            param = binary(0);
            expect(",");
        }
        Expr inner = binary(0);
        if (peekPunct(",")) {
            throw error("aggregation parameters are not supported (" + op + ")");
        }
        expect(")");
        if (!clause && (peekIdent("by") || peekIdent("without"))) {
            without = take().text.equals("without");
            grouping = labelList();
        }
        return new Expr.Aggregate(op, param, inner, grouping, without);
    }

    /** After {@code {}: matchers up to {@code }}. */
    private Expr selector(String metric) {
        List<Matcher> matchers = new ArrayList<>();
        while (!peekPunct("}")) {
            Token label = take();
            if (label.kind != Kind.IDENT) {
                throw error("expected a label name, found " + describe(label));
            }
            Token op = take();
            if (op.kind != Kind.PUNCT || !Set.of("=", "!=", "=~", "!~").contains(op.text)) {
                throw error("expected a label matching operator, found " + describe(op));
            }
            Token value = take();
            if (value.kind != Kind.STRING) {
                throw error("expected a quoted label value, found " + describe(value));
            }
            try {
                matchers.add(Matcher.of(label.text, op.text, value.text));
            } catch (java.util.regex.PatternSyntaxException e) {
                throw error("invalid regular expression " + value.text + ": " + e.getDescription());
            }
            if (!takeIf(",")) {
                break;
            }
        }
        expect("}");
        if (metric == null) {
            for (Matcher m : matchers) {
                if (m.name().equals("__name__") && m.op().equals("=")) {
                    metric = m.value();
                }
            }
            if (metric == null) {
                // Prometheus: at least one matcher that does not match the empty string
                if (matchers.stream().allMatch(m -> m.matches(""))) {
                    throw error("vector selector must contain at least one non-empty matcher");
                }
                return new Expr.VectorSelector(null, List.copyOf(matchers), 0);
            }
            List<Matcher> rest = new ArrayList<>(matchers);
            String name = metric;
            rest.removeIf(m -> m.name().equals("__name__")
                    && m.op().equals("=")
                    && m.value().equals(name));
            matchers = rest;
        }
        return new Expr.VectorSelector(metric, List.copyOf(matchers), 0);
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        while (!peekPunct(")")) {
            Token label = take();
            if (label.kind != Kind.IDENT) {
                throw error("expected a label name, found " + describe(label));
            }
            labels.add(label.text);
            if (!takeIf(",")) {
                break;
            }
        }
        expect(")");
        return List.copyOf(labels);
    }

    // --- tokens ---

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind != Kind.EOF) {
            next++;
        }
        return token;
    }

    private boolean peekPunct(String text) {
        Token token = peek();
        return token.kind == Kind.PUNCT && token.text.equals(text);
    }

    private boolean peekIdent(String text) {
        Token token = peek();
        return token.kind == Kind.IDENT && token.text.equals(text);
    }

    private boolean takeIf(String punct) {
        if (peekPunct(punct)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        Token token = take();
        if (token.kind != Kind.PUNCT || !token.text.equals(punct)) {
            throw error("expected \"" + punct + "\", found " + describe(token));
        }
    }

    private String describe(Token token) {
        return token.kind == Kind.EOF ? "end of input" : "\"" + token.text + "\"";
    }

    private PromQlException error(String message) {
        Token at = tokens.get(Math.max(0, Math.min(next, tokens.size() - 1)));
        return new PromQlException("parse error at char " + (at.position + 1) + ": " + message);
    }

    private double number(Token token) {
        try {
            return Double.parseDouble(token.text);
        } catch (NumberFormatException e) {
            throw error("bad number or duration syntax: \"" + token.text + "\"");
        }
    }

    /**
     * A duration: {@code 5m}, {@code 1h30m}, {@code 250ms}, units ms, s, m, h, d, w, y; or a number of seconds
     * ({@code 10}, {@code 1.5}), as Prometheus 3 accepts.
     */
    private long duration(Token token) {
        String text = token.text;
        if (token.kind == Kind.NUMBER && text.matches("[0-9]+(\\.[0-9]+)?")) {
            long millis = new java.math.BigDecimal(text).movePointRight(3).longValue();
            if (millis <= 0) {
                throw error("duration must be greater than 0");
            }
            return millis;
        }
        if (token.kind != Kind.NUMBER || !text.matches("([0-9]+(ms|s|m|h|d|w|y))+")) {
            throw error("bad duration syntax: " + describe(token));
        }
        long total = 0;
        java.util.regex.Matcher part =
                java.util.regex.Pattern.compile("([0-9]+)(ms|s|m|h|d|w|y)").matcher(text);
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            total += switch (part.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1_000L;
                case "m" -> n * 60_000L;
                case "h" -> n * 3_600_000L;
                case "d" -> n * 86_400_000L;
                case "w" -> n * 604_800_000L;
                default -> n * 31_536_000_000L;
            };
        }
        if (total == 0) {
            throw error("duration must be greater than 0");
        }
        return total;
    }

    /** Whether the tokens so far leave an open {@code {}. */
    private static boolean insideBraces(List<Token> tokens) {
        int depth = 0;
        for (Token token : tokens) {
            if (token.kind == Kind.PUNCT && token.text.equals("{")) {
                depth++;
            } else if (token.kind == Kind.PUNCT && token.text.equals("}")) {
                depth--;
            }
        }
        return depth > 0;
    }

    private static List<Token> lex(String query) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = query.length();
        while (i < n) {
            char c = query.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && query.charAt(i) != '\n') {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(query.charAt(i))
                                || query.charAt(i) == '_'
                                || query.charAt(i) == ':')) {
                    i++;
                }
                String word = query.substring(start, i);
                String lower = word.toLowerCase(Locale.ROOT);
                // keywords and aggregations are case-insensitive, as in Prometheus' lexer (not inside braces)
                if (!insideBraces(tokens) && KEYWORDS.contains(lower)) {
                    word = lower;
                }
                tokens.add(new Token(Kind.IDENT, word, start));
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(query.charAt(i + 1)))) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(query.charAt(i)) || query.charAt(i) == '.')) {
                    char d = query.charAt(i);
                    i++;
                    if ((d == 'e' || d == 'E')
                            && i < n
                            && (query.charAt(i) == '+' || query.charAt(i) == '-')
                            && query.substring(start, i - 1).matches("[0-9.]+")) {
                        i++;
                    }
                }
                tokens.add(new Token(Kind.NUMBER, query.substring(start, i), start));
            } else if (c == '"' || c == '\'' || c == '`') {
                int start = i;
                StringBuilder value = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new PromQlException("parse error at char " + (start + 1) + ": unterminated string");
                    }
                    char d = query.charAt(i++);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\' && c != '`' && i < n) {
                        char e = query.charAt(i++);
                        value.append(
                                switch (e) {
                                    case 'n' -> '\n';
                                    case 't' -> '\t';
                                    default -> e;
                                });
                    } else {
                        value.append(d);
                    }
                }
                tokens.add(new Token(Kind.STRING, value.toString(), start));
            } else {
                String two = i + 1 < n ? query.substring(i, i + 2) : "";
                if (Set.of("==", "!=", "=~", "!~", "<=", ">=").contains(two)) {
                    tokens.add(new Token(Kind.PUNCT, two, i));
                    i += 2;
                } else if ("(){}[],=+-*/%^<>".indexOf(c) >= 0) {
                    tokens.add(new Token(Kind.PUNCT, String.valueOf(c), i));
                    i++;
                } else {
                    throw new PromQlException("parse error at char " + (i + 1) + ": unexpected character '" + c + "'");
                }
            }
        }
        tokens.add(new Token(Kind.EOF, "", n));
        return tokens;
    }
}

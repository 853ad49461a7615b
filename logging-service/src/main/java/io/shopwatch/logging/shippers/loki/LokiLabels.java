package io.shopwatch.logging.shippers.loki;

import io.shopwatch.common.web.ProblemType;
import io.shopwatch.common.web.ShopWatchException;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Loki stream's labels in Prometheus' text form, {@code {app="cart", env="prod"}}, as fields: names up to {@code =},
 * values in double quotes with {@code \"}, {@code \\} and {@code \n} escapes.
 */
final class LokiLabels {

    private LokiLabels() {}

    static ObjectNode parse(String text) {
        ObjectNode labels = JsonNodeFactory.instance.objectNode();
        String s = text.strip();
        if (s.isEmpty() || s.equals("{}")) {
            return labels;
        }
        if (s.charAt(0) != '{' || s.charAt(s.length() - 1) != '}') {
            throw invalid(text);
        }
        int i = 1;
        int end = s.length() - 1;
        while (i < end) {
            while (i < end && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                i++;
            }
            if (i >= end) {
                break;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0 || eq + 1 >= end || s.charAt(eq + 1) != '"') {
                throw invalid(text);
            }
            String name = s.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < end && s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\' && j + 1 < end) {
                    char next = s.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            if (j >= end || name.isEmpty()) {
                throw invalid(text);
            }
            labels.put(name, value.toString());
            i = j + 1;
        }
        return labels;
    }

    private static ShopWatchException invalid(String text) {
        return new ShopWatchException(
                ProblemType.MALFORMED, "stream labels '" + text + "' are not in the form {name=\"value\", ...}");
    }
}

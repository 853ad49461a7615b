package io.shopwatch.alert.api;

import io.shopwatch.alert.config.ConfigError;
import io.shopwatch.common.web.ProblemHandler;
import io.shopwatch.common.web.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A configuration that does not validate: a validation problem listing every error with its line and column. */
public class ConfigRejectedException extends ErrorResponseException {

    public ConfigRejectedException(List<ConfigError> errors) {
        super(HttpStatus.BAD_REQUEST, body(errors), null);
    }

    private static ProblemDetail body(List<ConfigError> errors) {
        ProblemDetail problem = ProblemHandler.problem(
                ProblemType.VALIDATION,
                "the configuration has " + errors.size() + " error(s); first: " + errors.get(0));
        problem.setProperty(
                "errors",
                errors.stream()
                        .map(e -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("line", e.line());
                            m.put("column", e.column());
                            m.put("path", e.path());
                            m.put("message", e.message());
                            return m;
                        })
                        .toList());
        return problem;
    }
}

package io.shopwatch.alert.api;

import io.shopwatch.alert.notify.template.TemplateError;
import io.shopwatch.common.web.ProblemHandler;
import io.shopwatch.common.web.ProblemType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Templates that cannot be used: a validation problem listing every error with its template and line. */
public class TemplateRejectedException extends ErrorResponseException {

    public TemplateRejectedException(List<TemplateError> errors) {
        super(HttpStatus.BAD_REQUEST, body(errors), null);
    }

    private static ProblemDetail body(List<TemplateError> errors) {
        ProblemDetail problem = ProblemHandler.problem(
                ProblemType.VALIDATION, errors.size() + " template error(s); first: " + errors.get(0));
        problem.setProperty(
                "errors",
                errors.stream()
                        .map(e -> {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("template", e.setting());
                            m.put("line", e.line());
                            m.put("message", e.message());
                            return m;
                        })
                        .toList());
        return problem;
    }
}

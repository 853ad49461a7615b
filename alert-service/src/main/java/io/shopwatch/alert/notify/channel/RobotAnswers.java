package io.shopwatch.alert.notify.channel;

import io.shopwatch.alert.db.JsonCodec;
import io.shopwatch.alert.notify.DeliveryException;
import io.shopwatch.alert.notify.http.OutboundHttp;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;

/**
 * How the chat robots (DingTalk, WeCom, Feishu) answer: errors come inside HTTP 200 bodies as a numeric code and a
 * message, so the body is always parsed. The robot's rate-limit code and HTTP 429 are retried after the provider's
 * window; HTTP 5xx and "system busy" codes are retried; every other code and every other non-2xx status is final.
 *
 * @param type the integration type, first word of every error
 * @param codeFields the body fields holding the code, the first present wins ({@code errcode}; Feishu {@code code}
 *     and the legacy {@code StatusCode})
 * @param messageFields the body fields holding the message, likewise
 * @param rateLimitCode the code the robot answers when it sends too fast
 * @param rateLimitWindow how long the robot refuses after that
 * @param busyCodes codes meaning a passing failure on the provider's side
 */
record RobotAnswers(
        String type,
        List<String> codeFields,
        List<String> messageFields,
        long rateLimitCode,
        Duration rateLimitWindow,
        Set<Long> busyCodes) {

    /** The wait after an HTTP 429 without {@code Retry-After}. */
    static final Duration TOO_MANY_REQUESTS_WAIT = Duration.ofSeconds(60);

    /** A parsed body: the code (null when absent) and message. */
    record Answer(Long code, String message) {}

    /**
     * Returns when the robot accepted the message.
     *
     * @throws DeliveryException otherwise, naming the host only, with the status and body as the provider's answer
     */
    void check(URI uri, OutboundHttp.Response response) throws DeliveryException {
        String host = uri.getHost();
        int status = response.status();
        String summary = response.summary();
        Answer answer = parse(response.body());
        String said = answer.code() == null ? "" : ": " + describe(answer);
        if (status == 429) {
            throw new DeliveryException(
                    type + " " + host + " answered 429 (too many requests)" + said,
                    true,
                    status,
                    response.retryAfter().orElse(TOO_MANY_REQUESTS_WAIT),
                    summary);
        }
        if (answer.code() != null && answer.code() == rateLimitCode) {
            throw new DeliveryException(
                    type + " " + host + " rate limited the robot" + said, true, status, rateLimitWindow, summary);
        }
        if (status / 100 == 5) {
            throw new DeliveryException(
                    type + " " + host + " answered " + status + said,
                    true,
                    status,
                    response.retryAfter().orElse(null),
                    summary);
        }
        if (status / 100 != 2) {
            throw new DeliveryException(type + " " + host + " answered " + status + said, false, status, null, summary);
        }
        if (answer.code() == null) {
            throw new DeliveryException(
                    type + " " + host + " answered " + status + " without " + codeFields.get(0),
                    false,
                    status,
                    null,
                    summary);
        }
        if (answer.code() == 0) {
            return;
        }
        boolean busy = busyCodes.contains(answer.code());
        throw new DeliveryException(
                type + " " + host + (busy ? " is busy" : " refused the message") + said, busy, status, null, summary);
    }

    private String describe(Answer answer) {
        return codeFields.get(0) + " " + answer.code() + (answer.message() == null ? "" : " " + answer.message());
    }

    /** The code and message of a body; both null when it is no JSON object. */
    Answer parse(String body) {
        if (body == null || body.isBlank()) {
            return new Answer(null, null);
        }
        Map<?, ?> fields;
        try {
            fields = JsonCodec.MAPPER.readValue(body, Map.class);
        } catch (JacksonException e) {
            return new Answer(null, null);
        }
        Long code = null;
        for (String name : codeFields) {
            Object value = fields.get(name);
            if (value instanceof Number n) {
                code = n.longValue();
                break;
            }
            if (value != null) {
                try {
                    code = Long.parseLong(value.toString().trim());
                    break;
                } catch (NumberFormatException ignored) {
                    // not a code; try the next field
                }
            }
        }
        String message = null;
        for (String name : messageFields) {
            if (fields.get(name) != null) {
                message = fields.get(name).toString();
                break;
            }
        }
        return new Answer(code, message);
    }
}

package io.shopwatch.gateway.request;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the access log line is written.
 *
 * @param async true: the line is handed to a queue and written (encoded, sent to the console or file) by a thread of
 *     its own, not by the event loop that served the request; false: written by the event loop, as any other log line
 * @param queueSize lines waiting to be written; when the queue is full the event loop waits for room (no line is
 *     dropped)
 */
@Validated
@ConfigurationProperties("shopwatch.gateway.access-log")
public record AccessLogProperties(boolean async, @Positive int queueSize) {}

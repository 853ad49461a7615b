package io.shopwatch.alert.delivery;

import io.shopwatch.alert.core.LabelSet;
import io.shopwatch.alert.route.RouteOptions;
import java.time.Instant;

/**
 * What a group flush hands to the notification pipeline.
 *
 * @param groupKey the group's key
 * @param groupLabels the labels the group is keyed by
 * @param options the route's options (receiver, intervals, time intervals)
 * @param tick the instant the flush was scheduled for; the pipeline's notion of "now" for timing decisions
 */
public record FlushContext(String groupKey, LabelSet groupLabels, RouteOptions options, Instant tick) {}

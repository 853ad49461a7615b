package io.shopwatch.common.event;

/** The kinds of telemetry ShopWatch carries; each maps to an OpenObserve stream type. */
public enum TelemetryType {
    LOG("logs"),
    EVENT("logs"),
    METRIC("metrics"),
    SPAN("traces");

    private final String streamType;

    TelemetryType(String streamType) {
        this.streamType = streamType;
    }

    /** OpenObserve's stream type ({@code logs}, {@code metrics} or {@code traces}) the records are stored under. */
    public String streamType() {
        return streamType;
    }
}

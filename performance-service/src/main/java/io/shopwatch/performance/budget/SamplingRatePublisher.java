package io.shopwatch.performance.budget;

import java.util.List;

/** Where changed sampling rates go (the pipeline and tracing-service read them there). */
public interface SamplingRatePublisher {

    void publish(List<SamplingRate> rates);
}

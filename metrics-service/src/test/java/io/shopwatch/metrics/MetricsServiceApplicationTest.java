package io.shopwatch.metrics;

import io.shopwatch.testkit.ServiceSmokeTest;

class MetricsServiceApplicationTest extends ServiceSmokeTest {}

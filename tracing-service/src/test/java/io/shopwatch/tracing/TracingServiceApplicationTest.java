package io.shopwatch.tracing;

import io.shopwatch.testkit.ServiceSmokeTest;

class TracingServiceApplicationTest extends ServiceSmokeTest {}

package io.shopwatch.performance;

import io.shopwatch.testkit.ServiceSmokeTest;

class PerformanceServiceApplicationTest extends ServiceSmokeTest {}

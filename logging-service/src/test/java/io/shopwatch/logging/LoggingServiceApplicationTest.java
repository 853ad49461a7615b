package io.shopwatch.logging;

import io.shopwatch.testkit.ServiceSmokeTest;

class LoggingServiceApplicationTest extends ServiceSmokeTest {}

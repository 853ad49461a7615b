package io.shopwatch.alert;

import io.shopwatch.testkit.ServiceSmokeTest;

class AlertServiceApplicationTest extends ServiceSmokeTest {}

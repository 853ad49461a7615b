package io.shopwatch.dashboard;

import io.shopwatch.testkit.ServiceSmokeTest;

class DashboardServiceApplicationTest extends ServiceSmokeTest {}

package io.shopwatch.dashboard;

import io.shopwatch.testkit.EdgeHardeningChecks;

class DashboardEdgeHardeningTest extends EdgeHardeningChecks {}

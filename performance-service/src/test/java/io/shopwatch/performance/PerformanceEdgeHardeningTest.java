package io.shopwatch.performance;

import io.shopwatch.testkit.EdgeHardeningChecks;

class PerformanceEdgeHardeningTest extends EdgeHardeningChecks {}

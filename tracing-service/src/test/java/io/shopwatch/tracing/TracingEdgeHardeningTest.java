package io.shopwatch.tracing;

import io.shopwatch.testkit.EdgeHardeningChecks;

class TracingEdgeHardeningTest extends EdgeHardeningChecks {}

package io.shopwatch.pipeline;

import io.shopwatch.testkit.ServiceSmokeTest;

class PipelineServiceApplicationTest extends ServiceSmokeTest {}

package io.shopwatch.config;

import io.shopwatch.testkit.ServiceSmokeTest;

class ConfigServiceApplicationTest extends ServiceSmokeTest {}

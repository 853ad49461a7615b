package io.shopwatch.store;

import io.shopwatch.testkit.ServiceSmokeTest;

class EmbeddedStoreApplicationTest extends ServiceSmokeTest {}

package io.shopwatch.auth;

import io.shopwatch.testkit.ServiceSmokeTest;

class AuthServiceApplicationTest extends ServiceSmokeTest {}

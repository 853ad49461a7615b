package io.shopwatch.backup;

import io.shopwatch.testkit.ServiceSmokeTest;

class BackupServiceApplicationTest extends ServiceSmokeTest {}

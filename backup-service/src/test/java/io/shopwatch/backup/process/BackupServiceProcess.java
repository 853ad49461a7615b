package io.shopwatch.backup.process;

import io.shopwatch.backup.BackupServiceApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerPortFileWriter;

/**
 * backup-service's own application, started as a process of its own by {@link BackupKillIT}: the same configuration
 * as {@link BackupServiceApplication#main}, plus Spring Boot's port file writer (the file named by the {@code PORTFILE}
 * system property), so the test learns the port the service took.
 */
public final class BackupServiceProcess {

    private BackupServiceProcess() {}

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BackupServiceApplication.class);
        application.addListeners(new WebServerPortFileWriter());
        application.run(args);
    }
}

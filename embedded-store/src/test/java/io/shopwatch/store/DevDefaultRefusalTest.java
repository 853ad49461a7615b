package io.shopwatch.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.shopwatch.testkit.StartupRefusal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The store's default root password (OpenObserve's example one) is for development machines only. */
class DevDefaultRefusalTest {

    @Test
    void start_withTheDefaultRootPasswordOutsideDevMode_isRefusedNamingTheVariable() {
        assertThat(StartupRefusal.of(EmbeddedStoreApplication.class).problems())
                .singleElement()
                .asString()
                .startsWith("ZO_ROOT_USER_PASSWORD is a development default")
                .contains("SHOPWATCH_DEV_MODE=true");
    }

    @Test
    void start_withTheLocalStacksPasswordOutsideDevMode_isRefused() {
        assertThat(StartupRefusal.of(EmbeddedStoreApplication.class, "store.root-user-password=shopwatch-dev-password")
                        .problems())
                .singleElement()
                .asString()
                .startsWith("ZO_ROOT_USER_PASSWORD ");
    }

    @Test
    void start_withTheDefaultRootPasswordInDevMode_starts() throws Exception {
        try (ConfigurableApplicationContext store = start("--shopwatch.dev-mode=true")) {
            assertThat(((WebServerApplicationContext) store).getWebServer().getPort())
                    .isPositive();
        }
    }

    @Test
    void start_withAnExplicitRootPasswordOutsideDevMode_starts() throws Exception {
        try (ConfigurableApplicationContext store =
                start("--shopwatch.dev-mode=false", "--store.root-user-password=a-password-of-this-deployment")) {
            assertThat(((WebServerApplicationContext) store).getWebServer().getPort())
                    .isPositive();
        }
    }

    private static ConfigurableApplicationContext start(String... args) throws Exception {
        Path data = Files.createTempDirectory("store-dev-default");
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--server.address=127.0.0.1";
        all[2] = "--store.data-dir=" + data;
        System.arraycopy(args, 0, all, 3, args.length);
        return new SpringApplicationBuilder(EmbeddedStoreApplication.class).run(all);
    }
}

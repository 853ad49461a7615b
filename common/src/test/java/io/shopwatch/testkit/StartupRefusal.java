package io.shopwatch.testkit;

import io.shopwatch.common.startup.InsecureConfigurationException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts a service outside dev mode (overriding the test suite's {@code shopwatch.dev-mode=true}) and returns why it
 * refused to start. The refusal comes before any bean is made, so it costs well under a second.
 */
public final class StartupRefusal {

    private StartupRefusal() {}

    /**
     * The refusal of {@code application} started with {@code --shopwatch.dev-mode=false} and the given properties.
     *
     * @throws AssertionError when it started, or failed for another reason
     */
    public static InsecureConfigurationException of(Class<?> application, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--shopwatch.dev-mode=false"));
        for (String property : properties) {
            args.add("--" + property);
        }
        Throwable thrown = null;
        try {
            new SpringApplicationBuilder(application)
                    .run(args.toArray(String[]::new))
                    .close();
        } catch (RuntimeException e) {
            thrown = e;
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InsecureConfigurationException refused) {
                return refused;
            }
        }
        throw new AssertionError(application.getSimpleName() + " was not refused for its configuration", thrown);
    }
}

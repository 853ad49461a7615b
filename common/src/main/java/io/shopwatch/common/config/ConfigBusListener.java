package io.shopwatch.common.config;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Refreshes the configuration when Spring Cloud Bus delivers a {@code RefreshRemoteApplicationEvent} (config-service
 * sends one for {@code <application>:**} after every change), the same way a change event of
 * {@code shopwatch.config.changes} does. Present only when the service has the bus on its classpath. The bus hands
 * the context only the events meant for this instance and not sent by it ({@code BusConsumer} checks the destination
 * against the bus id), so the event is recognised by its class name: common does not depend on the bus, whose
 * auto-configuration would otherwise start in every service.
 */
public final class ConfigBusListener implements ApplicationListener<ApplicationEvent> {

    /** The bus's refresh event. */
    public static final String REFRESH_EVENT = "org.springframework.cloud.bus.event.RefreshRemoteApplicationEvent";

    private final Runnable refresh;

    /**
     * @param refresh fetches, rebinds and acknowledges (the config client's refresh)
     */
    public ConfigBusListener(Runnable refresh) {
        this.refresh = refresh;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (REFRESH_EVENT.equals(event.getClass().getName())) {
            refresh.run();
        }
    }
}

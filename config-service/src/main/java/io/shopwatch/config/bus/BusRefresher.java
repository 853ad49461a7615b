package io.shopwatch.config.bus;

import io.shopwatch.config.release.ReleaseEvent;
import io.shopwatch.config.release.ReleaseListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.bus.ServiceMatcher;
import org.springframework.cloud.bus.event.Destination;
import org.springframework.cloud.bus.event.RefreshRemoteApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * After every publish, rollback and gray step has committed, asks every instance of the application to refresh over
 * Spring Cloud Bus: a stock {@link RefreshRemoteApplicationEvent} for {@code <application>:**}, published in-process,
 * which the bus sends on its Kafka topic ({@code springCloudBus}). It rides beside the change event of
 * {@code shopwatch.config.changes} (release id, diff summary), which stays the reliable path (an outbox); the bus event
 * is sent once, right after the commit.
 */
public final class BusRefresher implements ReleaseListener {

    private static final Logger log = LoggerFactory.getLogger(BusRefresher.class);

    private final ApplicationEventPublisher publisher;
    private final ObjectProvider<ServiceMatcher> matcher;
    private final ObjectProvider<Destination.Factory> destinations;

    public BusRefresher(
            ApplicationEventPublisher publisher,
            ObjectProvider<ServiceMatcher> matcher,
            ObjectProvider<Destination.Factory> destinations) {
        this.publisher = publisher;
        this.matcher = matcher;
        this.destinations = destinations;
    }

    @Override
    public void moved(ReleaseEvent event) {
        ServiceMatcher bus = matcher.getIfAvailable();
        Destination.Factory factory = destinations.getIfAvailable();
        if (bus == null || factory == null) {
            return;
        }
        String application = event.release().target().application();
        RefreshRemoteApplicationEvent refresh =
                new RefreshRemoteApplicationEvent(this, bus.getBusId(), factory.getDestination(application + ":**"));
        publisher.publishEvent(refresh);
        log.debug(
                "bus refresh {} sent to {} after {} of release {}",
                refresh.getId(),
                refresh.getDestinationService(),
                event.operation(),
                event.release().id());
    }
}

package io.shopwatch.alert.alertmanager;

import io.shopwatch.alert.silence.JdbcSilenceRepository;
import io.shopwatch.alert.store.AlertStore;
import io.shopwatch.alert.store.JdbcAlertPersistence;
import io.shopwatch.alert.store.StoredAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what other replicas wrote (alerts, silences) into this replica's memory. The first round reads everything, so
 * a replica that starts, or takes over, begins with the full state. Before alerts that other replicas wrote are
 * routed, the configuration versions are read again: an alert stored after a configuration change (on any replica) is
 * routed by that configuration, never by the one before it. A round that brings only this replica's own writes back
 * reads nothing more.
 */
public final class ChangeFeed {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final JdbcAlertPersistence alerts;
    private final JdbcSilenceRepository silences;
    private final AlertStore store;
    private final Alertmanagers alertmanagers;
    private String alertHorizon = "0";
    private String silenceHorizon = "0";
    private volatile boolean failing;

    public ChangeFeed(
            JdbcAlertPersistence alerts,
            JdbcSilenceRepository silences,
            AlertStore store,
            Alertmanagers alertmanagers) {
        this.alerts = alerts;
        this.silences = silences;
        this.store = store;
        this.alertmanagers = alertmanagers;
    }

    /** One round; called repeatedly by one thread. */
    public synchronized void poll() {
        try {
            silenceHorizon = silences.changesSince(silenceHorizon, alertmanagers::applySilence);
            List<Map.Entry<String, StoredAlert>> changed = new ArrayList<>();
            String next = alerts.changesSince(alertHorizon, (org, a) -> {
                if (store.isNewer(org, a)) {
                    changed.add(Map.entry(org, a));
                }
            });
            if (!changed.isEmpty()) {
                alertmanagers.refreshConfigs();
            }
            changed.forEach(e -> store.apply(e.getKey(), e.getValue()));
            alertHorizon = next;
            if (failing) {
                log.info("reading changes from the database again");
                failing = false;
            }
        } catch (Exception e) {
            if (!failing) {
                log.warn("cannot read changes from the database: {}", e.toString());
                failing = true;
            }
        }
    }
}

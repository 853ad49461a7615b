package io.shopwatch.backup.state;

import io.shopwatch.common.state.StateClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The services whose platform state is backed up, by name ({@code dashboards}), each with its state API client. */
public class StateServices {

    private final Map<String, StateClient> clients;

    public StateServices(Map<String, StateClient> clients) {
        this.clients = new TreeMap<>(clients);
    }

    /** Every configured service, sorted. */
    public List<String> names() {
        return List.copyOf(clients.keySet());
    }

    public Optional<StateClient> client(String name) {
        return Optional.ofNullable(clients.get(name));
    }
}

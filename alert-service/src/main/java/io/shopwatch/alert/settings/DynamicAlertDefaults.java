package io.shopwatch.alert.settings;

import io.shopwatch.alert.core.AlertDefaults;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The alert defaults in force, and who is told when they change. */
public final class DynamicAlertDefaults {

    private final List<Consumer<AlertDefaults>> listeners = new CopyOnWriteArrayList<>();
    private volatile AlertDefaults current;

    public DynamicAlertDefaults(AlertDefaults initial) {
        this.current = initial;
    }

    public AlertDefaults current() {
        return current;
    }

    /** Calls {@code listener} with the defaults in force now and after every change. */
    public void subscribe(Consumer<AlertDefaults> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    /**
     * Puts {@code defaults} in force and tells every listener; the same defaults again change nothing.
     *
     * @return whether they differed from the ones in force
     */
    public synchronized boolean replace(AlertDefaults defaults) {
        if (defaults.equals(current)) {
            return false;
        }
        current = defaults;
        listeners.forEach(l -> l.accept(defaults));
        return true;
    }
}

package io.shopwatch.config.change;

import io.shopwatch.common.config.ConfigChange;
import io.shopwatch.config.release.ReleaseDiff;
import io.shopwatch.config.release.ReleaseEvent;
import java.time.Instant;
import java.util.TreeSet;

/** The change event of a pointer move. */
final class ChangeEvents {

    private ChangeEvents() {}

    static ConfigChange of(ReleaseEvent event, Instant at) {
        ReleaseDiff diff = event.diff();
        TreeSet<String> keys = new TreeSet<>(diff.added().keySet());
        keys.addAll(diff.removed().keySet());
        keys.addAll(diff.changed().keySet());
        return new ConfigChange(
                event.release().id(),
                event.release().target().org(),
                event.release().target().application(),
                event.release().target().profile(),
                event.operation().name(),
                event.previousId(),
                event.release().sha256(),
                diff.summary(),
                keys.stream().toList(),
                event.actor(),
                event.reason(),
                at);
    }
}

package io.shopwatch.backup.target;

import io.shopwatch.common.web.ShopWatchException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The configured targets by name. */
public class BackupTargets {

    private final Map<String, BackupTarget> targets = new LinkedHashMap<>();
    private final String defaultTarget;

    public BackupTargets(List<BackupTarget> targets, String defaultTarget) {
        for (BackupTarget target : targets) {
            if (this.targets.put(target.name(), target) != null) {
                throw new IllegalStateException("two backup targets named " + target.name());
            }
        }
        this.defaultTarget = defaultTarget;
    }

    /** The target named {@code name} (the default one for null or blank); 400 for an unknown name. */
    public BackupTarget get(String name) {
        String key = name == null || name.isBlank() ? defaultTarget : name;
        BackupTarget target = targets.get(key);
        if (target == null) {
            throw ShopWatchException.invalid("unknown backup target '" + key + "'; configured: " + targets.keySet());
        }
        return target;
    }

    public Set<String> names() {
        return targets.keySet();
    }
}

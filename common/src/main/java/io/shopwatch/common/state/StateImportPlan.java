package io.shopwatch.common.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What an import of a {@link StateDocument} would do to the state that exists, item by item: create what is missing,
 * leave what is equal, and for an item whose id exists with other content (a conflict) skip it, overwrite it or refuse
 * the import, as the {@link ConflictPolicy} says. Plain Java: the service applies {@link #writes()} itself.
 *
 * @param policy the conflicts policy
 * @param actions every imported item's fate, in the document's order
 */
public record StateImportPlan(ConflictPolicy policy, List<Action> actions) {

    /** What happens to one item. */
    public enum Kind {
        CREATE,
        OVERWRITE,
        SKIP,
        UNCHANGED
    }

    /**
     * @param section the section
     * @param id the item's id
     * @param kind what happens to it
     * @param conflict whether it exists with other content
     * @param item the imported item
     */
    public record Action(String section, String id, Kind kind, boolean conflict, JsonNode item) {}

    /**
     * Compares {@code incoming} with what exists.
     *
     * @param existing section → id → the item as the service would export it now
     */
    public static StateImportPlan of(
            StateDocument incoming, Map<String, Map<String, JsonNode>> existing, ConflictPolicy policy) {
        List<Action> actions = new ArrayList<>();
        incoming.sections().forEach((section, items) -> {
            Map<String, JsonNode> current = existing.getOrDefault(section, Map.of());
            for (JsonNode item : items) {
                String id = StateDocument.id(item);
                JsonNode there = current.get(id);
                if (there == null) {
                    actions.add(new Action(section, id, Kind.CREATE, false, item));
                } else if (there.equals(item)) {
                    actions.add(new Action(section, id, Kind.UNCHANGED, false, item));
                } else {
                    actions.add(new Action(
                            section, id, policy == ConflictPolicy.OVERWRITE ? Kind.OVERWRITE : Kind.SKIP, true, item));
                }
            }
        });
        return new StateImportPlan(policy, List.copyOf(actions));
    }

    public List<Action> conflicts() {
        return actions.stream().filter(Action::conflict).toList();
    }

    /**
     * Why an import is refused ({@code conflicts=fail}), for the 409 problem: how many items exist with other content,
     * and the first 20 of them as {@code section/id}.
     */
    public String conflictDetail() {
        List<Action> conflicts = conflicts();
        List<String> ids = conflicts.stream()
                .map(a -> a.section() + "/" + a.id())
                .limit(20)
                .toList();
        return conflicts.size() + " item(s) exist with other content (conflicts=fail): " + String.join(", ", ids);
    }

    /** Whether the import is refused: the policy is {@code fail} and there is a conflict. */
    public boolean refused() {
        return policy == ConflictPolicy.FAIL && !conflicts().isEmpty();
    }

    /** The items to create or overwrite, in order; none when {@link #refused()}. */
    public List<Action> writes() {
        if (refused()) {
            return List.of();
        }
        return actions.stream()
                .filter(a -> a.kind() == Kind.CREATE || a.kind() == Kind.OVERWRITE)
                .toList();
    }

    /** The answer of the import API. */
    public StateImportResult result(boolean dryRun) {
        Map<Kind, Integer> counts = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        actions.forEach(a -> counts.merge(a.kind(), 1, Integer::sum));
        return new StateImportResult(
                dryRun,
                policy.id(),
                refused(),
                refused() ? 0 : counts.get(Kind.CREATE),
                refused() ? 0 : counts.get(Kind.OVERWRITE),
                refused() ? 0 : counts.get(Kind.SKIP),
                counts.get(Kind.UNCHANGED),
                conflicts().stream()
                        .map(a -> new StateImportResult.Conflict(a.section(), a.id()))
                        .toList());
    }
}

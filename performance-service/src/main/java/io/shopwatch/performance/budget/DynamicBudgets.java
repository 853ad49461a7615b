package io.shopwatch.performance.budget;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The budgets in force, and who is told when they change. A change replaces the settings only: the regulator keeps
 * every stream's current rate and moves it from there toward the new target at its next round (a lower target at
 * once, a higher one by at most {@code max-increase} per round), so a change never resets the rates to 1.
 */
public final class DynamicBudgets {

    private final List<Consumer<BudgetProperties>> listeners = new CopyOnWriteArrayList<>();
    private volatile BudgetProperties current;
    private volatile SamplingController controller;

    public DynamicBudgets(BudgetProperties initial) {
        this.current = initial;
        this.controller = initial.controller();
    }

    public BudgetProperties current() {
        return current;
    }

    /** The rule that moves the rates, with the settings in force. */
    public SamplingController controller() {
        return controller;
    }

    public Budget org(String org) {
        return current.org(org);
    }

    public Budget stream(String org, String stream) {
        return current.stream(org, stream);
    }

    /** Calls {@code listener} with the budgets in force now and after every change. */
    public void subscribe(Consumer<BudgetProperties> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    /**
     * Puts {@code budgets} in force and tells every listener; the same budgets again change nothing. {@code enabled}
     * and {@code topic} are fixed at start: the values in force are kept whatever {@code budgets} says.
     *
     * @return whether they differed from the ones in force
     */
    public synchronized boolean replace(BudgetProperties budgets) {
        BudgetProperties next = new BudgetProperties(
                current.enabled(),
                budgets.interval(),
                budgets.orgRecordsPerSecond(),
                budgets.orgBytesPerDay(),
                budgets.streamRecordsPerSecond(),
                budgets.streamBytesPerDay(),
                budgets.limits(),
                budgets.neverSampled(),
                budgets.maxIncrease(),
                budgets.tolerance(),
                budgets.minRate(),
                current.topic());
        if (next.equals(current)) {
            return false;
        }
        controller = next.controller();
        current = next;
        listeners.forEach(l -> l.accept(next));
        return true;
    }
}

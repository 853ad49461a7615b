package io.shopwatch.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.state.ConflictPolicy;
import io.shopwatch.common.state.StateClient;
import io.shopwatch.common.state.StateClient.StateApiException;
import io.shopwatch.common.state.StateDocument;
import io.shopwatch.common.state.StateImportResult;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of a service's state API ({@code <base>/state/export} and {@code /state/import}), run through
 * {@link StateClient} — the client backup-service uses — by every implementation: each service against its real
 * controller, backup-service's in-test state server too. A subclass seeds some state, wipes it, and changes one item.
 */
public abstract class StateApiContract {

    /** A client of the API, acting as an admin of {@code org}. */
    protected abstract StateClient client(String org);

    /** Creates some state in {@code org} (at least two items). */
    protected abstract void seed(String org) throws Exception;

    /** Removes the org's state, as a lost database would (what the service always has may stay). */
    protected abstract void wipe(String org) throws Exception;

    /** Changes one seeded item, so that importing the seeded state conflicts with it. */
    protected abstract void change(String org) throws Exception;

    protected String newOrg() {
        return "st-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void export_wipe_import_givesTheSameState() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument before = client(org).export(org);
        assertThat(before.org()).isEqualTo(org);
        assertThat(before.format()).isEqualTo(StateDocument.FORMAT);
        wipe(org);
        assertThat(client(org).export(org).sections()).isNotEqualTo(before.sections());

        StateImportResult result = client(org).importState(org, before, ConflictPolicy.FAIL, false);

        assertThat(result.refused()).isFalse();
        assertThat(result.created()).isPositive();
        assertThat(result.conflicts()).isEmpty();
        assertThat(client(org).export(org).sections()).isEqualTo(before.sections());
    }

    @Test
    void import_dryRun_writesNothing() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument before = client(org).export(org);
        wipe(org);
        StateDocument wiped = client(org).export(org);

        StateImportResult result = client(org).importState(org, before, ConflictPolicy.OVERWRITE, true);

        assertThat(result.dryRun()).isTrue();
        assertThat(result.created()).isPositive();
        assertThat(client(org).export(org).sections()).isEqualTo(wiped.sections());
    }

    @Test
    void import_ofTheSameState_changesNothing() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument before = client(org).export(org);

        StateImportResult result = client(org).importState(org, before, ConflictPolicy.FAIL, false);

        assertThat(result.unchanged()).isEqualTo(before.items());
        assertThat(result.created() + result.overwritten() + result.skipped()).isZero();
        assertThat(client(org).export(org).sections()).isEqualTo(before.sections());
    }

    @Test
    void import_conflicts_followThePolicy() throws Exception {
        String org = newOrg();
        seed(org);
        StateDocument before = client(org).export(org);
        change(org);
        StateDocument changed = client(org).export(org);

        assertThatThrownBy(() -> client(org).importState(org, before, ConflictPolicy.FAIL, false))
                .isInstanceOfSatisfying(
                        StateApiException.class, e -> assertThat(e.status()).isEqualTo(409));
        assertThat(client(org).export(org).sections()).isEqualTo(changed.sections());

        StateImportResult dry = client(org).importState(org, before, ConflictPolicy.FAIL, true);
        assertThat(dry.refused()).isTrue();
        assertThat(dry.conflicts()).isNotEmpty();

        StateImportResult skipped = client(org).importState(org, before, ConflictPolicy.SKIP, false);
        assertThat(skipped.skipped()).isEqualTo(skipped.conflicts().size()).isPositive();
        assertThat(client(org).export(org).sections()).isEqualTo(changed.sections());

        StateImportResult overwritten = client(org).importState(org, before, ConflictPolicy.OVERWRITE, false);
        assertThat(overwritten.overwritten()).isPositive();
        assertThat(client(org).export(org).sections()).isEqualTo(before.sections());
    }

    @Test
    void export_holdsOnlyTheOrgsState() throws Exception {
        String org = newOrg();
        String other = newOrg();
        seed(org);
        StateDocument mine = client(org).export(org);
        StateDocument theirs = client(other).export(other);

        assertThat(theirs.org()).isEqualTo(other);
        assertThat(theirs.items()).isLessThan(mine.items());
    }
}

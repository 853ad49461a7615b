package io.shopwatch.backup.state;

import io.shopwatch.common.state.StateClient;
import io.shopwatch.testkit.StateApiContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.json.JsonMapper;

/** The test's state server keeps the contract the real services keep. */
class InMemoryStateServerContractTest extends StateApiContract {

    private static final InMemoryStateServer SERVER = new InMemoryStateServer("things");

    @AfterAll
    static void stop() {
        SERVER.close();
    }

    @Override
    protected StateClient client(String org) {
        return new StateClient(SERVER.stateUrl(), "", JsonMapper.builder().build(), Duration.ofSeconds(10));
    }

    @Override
    protected void seed(String org) {
        SERVER.put(org, "rules", "r1", "cpu > 90");
        SERVER.put(org, "rules", "r2", "errors > 5");
        SERVER.put(org, "silences", "s1", "checkout");
    }

    @Override
    protected void wipe(String org) {
        SERVER.wipe(org);
    }

    @Override
    protected void change(String org) {
        SERVER.put(org, "rules", "r1", "cpu > 95");
    }
}

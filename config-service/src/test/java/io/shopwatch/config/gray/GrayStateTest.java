package io.shopwatch.config.gray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shopwatch.common.web.ShopWatchException;
import org.junit.jupiter.api.Test;

/** One test per transition of the gray release's lifecycle. */
class GrayStateTest {

    @Test
    void next_activePromoted_isPromoted() {
        assertThat(GrayState.ACTIVE.next(GrayState.Action.PROMOTE)).isEqualTo(GrayState.PROMOTED);
    }

    @Test
    void next_activeAbandoned_isAbandoned() {
        assertThat(GrayState.ACTIVE.next(GrayState.Action.ABANDON)).isEqualTo(GrayState.ABANDONED);
    }

    @Test
    void next_promotedPromotedAgain_isConflict() {
        assertThatThrownBy(() -> GrayState.PROMOTED.next(GrayState.Action.PROMOTE))
                .isInstanceOf(ShopWatchException.class)
                .hasMessageContaining("PROMOTED");
    }

    @Test
    void next_promotedAbandoned_isConflict() {
        assertThatThrownBy(() -> GrayState.PROMOTED.next(GrayState.Action.ABANDON))
                .isInstanceOf(ShopWatchException.class)
                .hasMessageContaining("can no longer be abandoned");
    }

    @Test
    void next_abandonedPromoted_isConflict() {
        assertThatThrownBy(() -> GrayState.ABANDONED.next(GrayState.Action.PROMOTE))
                .isInstanceOf(ShopWatchException.class)
                .hasMessageContaining("can no longer be promoted");
    }

    @Test
    void next_abandonedAbandonedAgain_isConflict() {
        assertThatThrownBy(() -> GrayState.ABANDONED.next(GrayState.Action.ABANDON))
                .isInstanceOf(ShopWatchException.class)
                .hasMessageContaining("ABANDONED");
    }

    @Test
    void served_onlyWhileActive() {
        assertThat(GrayState.ACTIVE.served()).isTrue();
        assertThat(GrayState.PROMOTED.served()).isFalse();
        assertThat(GrayState.ABANDONED.served()).isFalse();
    }
}

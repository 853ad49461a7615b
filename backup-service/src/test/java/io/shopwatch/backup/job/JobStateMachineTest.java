package io.shopwatch.backup.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateMachineTest {

    @Test
    void start_movesQueuedToRunning() {
        assertThat(JobStateMachine.next(JobState.QUEUED, JobEvent.START)).isEqualTo(JobState.RUNNING);
    }

    @Test
    void cancel_movesQueuedToCancelled() {
        assertThat(JobStateMachine.next(JobState.QUEUED, JobEvent.CANCEL)).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void succeed_movesRunningToSucceeded() {
        assertThat(JobStateMachine.next(JobState.RUNNING, JobEvent.SUCCEED)).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void fail_movesRunningToFailed() {
        assertThat(JobStateMachine.next(JobState.RUNNING, JobEvent.FAIL)).isEqualTo(JobState.FAILED);
    }

    @Test
    void cancel_movesRunningToCancelled() {
        assertThat(JobStateMachine.next(JobState.RUNNING, JobEvent.CANCEL)).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void requeue_movesRunningBackToQueued() {
        assertThat(JobStateMachine.next(JobState.RUNNING, JobEvent.REQUEUE)).isEqualTo(JobState.QUEUED);
    }

    @Test
    void queued_acceptsNeitherSucceedNorFailNorRequeue() {
        for (JobEvent event : new JobEvent[] {JobEvent.SUCCEED, JobEvent.FAIL, JobEvent.REQUEUE}) {
            assertThatThrownBy(() -> JobStateMachine.next(JobState.QUEUED, event))
                    .isInstanceOf(IllegalTransitionException.class);
        }
    }

    @Test
    void running_doesNotStartAgain() {
        assertThat(JobStateMachine.accepts(JobState.RUNNING, JobEvent.START)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = JobState.class,
            names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void terminalStates_acceptNoEvent(JobState state) {
        assertThat(state.terminal()).isTrue();
        for (JobEvent event : JobEvent.values()) {
            assertThatThrownBy(() -> JobStateMachine.next(state, event))
                    .isInstanceOf(IllegalTransitionException.class)
                    .hasMessageContaining("does not accept");
        }
    }
}

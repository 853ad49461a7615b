package io.shopwatch.logging.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessagePatternsTest {

    @Test
    void of_numbersIdsQuotedAndEmails_becomePlaceholders() {
        assertThat(MessagePatterns.of("order 1234 failed after 3.5 s"))
                .isEqualTo(MessagePatterns.of("order 98 failed after 12 s"))
                .isEqualTo("order <n> failed after <n> s");
        assertThat(MessagePatterns.of("payment 4bf92f3577b34da6 declined for user42: 'card expired'"))
                .isEqualTo("payment <id> declined for user<n>: <s>");
        assertThat(MessagePatterns.of("mail to a.b@shop.cn bounced.")).isEqualTo("mail to <email> bounced.");
        assertThat(MessagePatterns.of("trace 550e8400-e29b-41d4-a716-446655440000 lost"))
                .isEqualTo("trace <id> lost");
    }

    @Test
    void of_longMessage_isCut() {
        assertThat(MessagePatterns.of("x ".repeat(1000))).hasSizeLessThanOrEqualTo(MessagePatterns.MAX_LENGTH);
        assertThat(MessagePatterns.of(null)).isEmpty();
    }
}

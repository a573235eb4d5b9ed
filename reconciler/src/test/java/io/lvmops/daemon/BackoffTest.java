package io.lvmops.daemon;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(5));

    @Test
    void successWaitsTheIntervalPlusAJitterBelowItsBound() {
        Random random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            Duration d = backoff.next(0, random);
            assertThat(d).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(40).minusMillis(1));
        }
        assertThat(new Backoff(Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(5)).next(0, random))
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void failuresDoubleUpToTheCap() {
        Random random = new Random(1);
        assertThat(backoff.next(1, random)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.next(2, random)).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.next(3, random)).isEqualTo(Duration.ofMinutes(4));
        assertThat(backoff.next(4, random)).isEqualTo(Duration.ofMinutes(5));
        assertThat(backoff.next(Integer.MAX_VALUE, random)).isEqualTo(Duration.ofMinutes(5));
    }
}

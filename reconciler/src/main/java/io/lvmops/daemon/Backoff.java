package io.lvmops.daemon;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a job runs next: its interval plus a random jitter after a success; after consecutive failures the interval
 * doubled per failure, up to the cap. Pure apart from the random source.
 */
public record Backoff(Duration interval, Duration jitter, Duration cap) {

    public Duration next(int consecutiveFailures, RandomGenerator random) {
        if (consecutiveFailures <= 0) {
            long j = jitter.toMillis() <= 0 ? 0 : random.nextLong(jitter.toMillis());
            return interval.plusMillis(j);
        }
        // interval * 2^failures without overflow: stop doubling once past the cap
        Duration d = interval;
        for (int i = 0; i < consecutiveFailures && d.compareTo(cap) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(cap) > 0 ? cap : d;
    }
}

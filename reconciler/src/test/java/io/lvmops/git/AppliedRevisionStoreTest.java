package io.lvmops.git;

import io.lvmops.model.load.LoadedSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppliedRevisionStoreTest {
    @TempDir
    Path tmp;

    @Test
    void recordsPerSourceAndReadsBackAfterARestart() throws Exception {
        Path dir = tmp.resolve("state/lvmops");
        AppliedRevisionStore store = new AppliedRevisionStore(dir);
        assertThat(store.all()).isEmpty();
        assertThat(store.lastApplied("x")).isEmpty();
        Instant t1 = Instant.parse("2026-11-25T10:00:00Z");
        Instant t2 = Instant.parse("2026-11-25T11:30:00.123Z");
        store.record("ssh://git@h/specs.git//prod", "main@sha1:" + "a".repeat(40), t1);
        store.record("/srv/spec", null, t1);
        store.record(new ResolvedSpec(new LoadedSpec(null, List.of(), null), "ssh://git@h/specs.git//prod",
                "main@sha1:" + "b".repeat(40)), t2);

        AppliedRevisionStore reopened = new AppliedRevisionStore(dir);
        assertThat(reopened.lastApplied("ssh://git@h/specs.git//prod")).contains(
                new AppliedRevision("ssh://git@h/specs.git//prod", "main@sha1:" + "b".repeat(40), t2));
        assertThat(reopened.all()).containsOnlyKeys("ssh://git@h/specs.git//prod", "/srv/spec");
        assertThat(reopened.lastApplied("/srv/spec").orElseThrow().revision()).isNull();
        assertThat(Files.readString(dir.resolve("applied.json"))).contains("\"version\" : 1",
                "\"appliedAt\" : \"2026-11-25T11:30:00.123Z\"");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("applied.json",
                    "applied.json.lock");
        }
    }

    @Test
    void concurrentWritersLoseNoRecord() throws Exception {
        AppliedRevisionStore store = new AppliedRevisionStore(tmp);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                futures.add(pool.submit(() -> new AppliedRevisionStore(tmp).record("src" + n, "r" + n, Instant.EPOCH)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.all()).hasSize(20);
    }

    @Test
    void aDamagedFileIsAClearErrorNamingIt() throws Exception {
        Path f = Files.writeString(tmp.resolve("applied.json"), "{\"version\": 1,\n \"sources\": {\"a\": }}");
        assertThatThrownBy(() -> new AppliedRevisionStore(tmp).all())
                .isInstanceOf(AppliedRevisionStore.StateFileException.class)
                .hasMessageStartingWith(f + ":2:").hasMessageContaining("not valid JSON");
        Files.writeString(f, "[]");
        assertThatThrownBy(() -> new AppliedRevisionStore(tmp).lastApplied("a"))
                .hasMessageContaining("not an lvmops applied-revision file");
    }

    @Test
    void defaultLocationFollowsXdgStateHome() {
        assertThat(AppliedRevisionStore.defaultStateDir(Map.of("XDG_STATE_HOME", "/var/lib/x")))
                .isEqualTo(Path.of("/var/lib/x/lvmops"));
        assertThat(AppliedRevisionStore.defaultStateDir(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/lvmops"));
    }
}

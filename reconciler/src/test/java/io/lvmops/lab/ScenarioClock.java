package io.lvmops.lab;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Prints each lab scenario's name as it starts and how long it took, so a slow run shows where its time went. */
public final class ScenarioClock implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ScenarioClock.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("started", System.nanoTime());
        System.out.println("[scenario] " + context.getDisplayName() + " ...");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        long started = context.getStore(NS).getOrDefault("started", Long.class, System.nanoTime());
        System.out.printf("[scenario] %s took %.1f s%n", context.getDisplayName(), (System.nanoTime() - started) / 1e9);
    }
}

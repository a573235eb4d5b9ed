package io.lvmops.daemon;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether corrections are paused ({@code lvmops daemon suspend}). Observation goes on while suspended. With the
 * JDBC job store the switch lives in the database, so that a daemon that takes over keeps it.
 */
public interface SuspendSwitch {
    boolean suspended();

    void set(boolean suspended);

    /** One daemon, RAM job store. */
    static SuspendSwitch inMemory() {
        AtomicBoolean flag = new AtomicBoolean();
        return new SuspendSwitch() {
            @Override
            public boolean suspended() {
                return flag.get();
            }

            @Override
            public void set(boolean suspended) {
                flag.set(suspended);
            }
        };
    }
}

package io.lvmops.git;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a lock file, between processes (an OS file lock) and between threads of this process (a
 * file lock is held per process: a second thread's {@code lock()} would throw OverlappingFileLockException).
 */
final class FileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    interface IoAction<T> {
        T run() throws IOException;
    }

    private FileLocks() {
    }

    static <T> T withLock(Path lockFile, IoAction<T> action) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return action.run();
        } finally {
            local.unlock();
        }
    }
}

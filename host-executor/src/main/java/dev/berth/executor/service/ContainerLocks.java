package dev.berth.executor.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per container, so commands and exit handling never act on the same container at once. */
public final class ContainerLocks {
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T with(String containerId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(containerId, id -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}

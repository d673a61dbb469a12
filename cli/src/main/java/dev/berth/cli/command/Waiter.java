package dev.berth.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.lxd.Operation;

/** Waits for an operation to succeed, saying so on stderr only if it takes longer than a moment. */
final class Waiter {
    static final long QUIET_MILLIS = 2000;

    private Waiter() {
    }

    static Operation await(LxdClient client, Operation op, PrintWriter err, String what) {
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Void> notice = CompletableFuture.runAsync(() -> {
            if (!done.get()) {
                err.println(what + "...");
                err.flush();
            }
        }, CompletableFuture.delayedExecutor(QUIET_MILLIS, TimeUnit.MILLISECONDS));
        try {
            return client.waitSuccess(op, -1);
        } finally {
            done.set(true);
            notice.cancel(false);
        }
    }
}

package dev.berth.executor.runtime;

/** What {@code runc state} reports about one container. */
public record RuncState(String id, long pid, String status, String bundle) {

    public boolean running() {
        return "running".equals(status);
    }

    public boolean stopped() {
        return "stopped".equals(status);
    }
}

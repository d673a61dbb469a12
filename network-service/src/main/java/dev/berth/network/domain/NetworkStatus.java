package dev.berth.network.domain;

/** A network's state as LXD names it on the wire. */
public enum NetworkStatus {
    CREATED("Created"),
    PENDING("Pending"),
    ERRORED("Errored");

    private final String wire;

    NetworkStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}

package dev.berth.executor.network;

/** One row of {@code GET /1.0/networks/{name}/leases}, LXD's {@code NetworkLease}; type is static or dynamic. */
public record Lease(String hostname, String hwaddr, String address, String type) {
    public static final String STATIC = "static";
    public static final String DYNAMIC = "dynamic";
}

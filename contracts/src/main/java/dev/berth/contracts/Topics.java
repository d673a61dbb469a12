package dev.berth.contracts;

/** Kafka topic names shared by every Berth service; the single place they are spelled. */
public final class Topics {
    /** Gateway to container-service: lifecycle commands, keyed by {@code project/name}. */
    public static final String INSTANCE_COMMANDS = "berth.instance.commands.v1";
    /** Container-service to host-executors: host work, keyed by node name. */
    public static final String HOST_COMMANDS = "berth.host.commands.v1";
    /** Host-executors to container-service: observed container state, keyed by {@code project/name}. */
    public static final String HOST_EVENTS = "berth.host.events.v1";
    /** Container-service to anyone: LXD lifecycle events as CloudEvents (structured mode), keyed by {@code project/name}. */
    public static final String LIFECYCLE = "berth.lifecycle.v1";
    /** Container-service and host-executors to gateways: operation outcomes, keyed by operation id. */
    public static final String OPERATIONS = "berth.operation.events.v1";
    /**
     * Gateways to every gateway: the LXD {@code operation} events that {@code GET /1.0/events} serves, keyed by
     * operation id; every gateway replica reads all of it (and {@link #LIFECYCLE}) to serve any client.
     */
    public static final String EVENTS = "berth.events.v1";

    private Topics() {
    }
}

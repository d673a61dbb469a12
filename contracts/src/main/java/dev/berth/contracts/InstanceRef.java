package dev.berth.contracts;

/** An instance's identity: its project and its name, unique together. */
public record InstanceRef(String project, String name) {
    public static final String DEFAULT_PROJECT = "default";

    public static InstanceRef of(String name) {
        return new InstanceRef(DEFAULT_PROJECT, name);
    }

    /** The instance a runc container id belongs to (the inverse of {@link #containerId()}). */
    public static InstanceRef ofContainerId(String containerId) {
        int sep = containerId.lastIndexOf('_');
        return sep > 0
                ? new InstanceRef(containerId.substring(0, sep), containerId.substring(sep + 1))
                : of(containerId);
    }

    /** The Kafka key that keeps one instance's messages in order. */
    public String key() {
        return project + "/" + name;
    }

    /** The runc container id; LXD names cannot hold '_', so the join is unambiguous. */
    public String containerId() {
        return project + "_" + name;
    }

    public String url() {
        return "/1.0/instances/" + name;
    }
}

package dev.berth.contracts.messaging;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What a host-executor observed happen to a container. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(HostEvent.ContainerCreated.class),
        @JsonSubTypes.Type(HostEvent.ContainerStarted.class),
        @JsonSubTypes.Type(HostEvent.ContainerStopped.class),
        @JsonSubTypes.Type(HostEvent.ContainerDeleted.class),
        @JsonSubTypes.Type(HostEvent.ContainerPublished.class),
        @JsonSubTypes.Type(HostEvent.ImageBuilt.class),
        @JsonSubTypes.Type(HostEvent.HostCommandFailed.class),
        @JsonSubTypes.Type(HostEvent.ContainerUpdated.class),
        @JsonSubTypes.Type(HostEvent.ContainerOomKilled.class),
        @JsonSubTypes.Type(HostEvent.SnapshotCreated.class),
        @JsonSubTypes.Type(HostEvent.SnapshotDeleted.class),
        @JsonSubTypes.Type(HostEvent.ContainerRestored.class),
        @JsonSubTypes.Type(HostEvent.StoragePoolCreated.class),
        @JsonSubTypes.Type(HostEvent.StoragePoolDeleted.class),
        @JsonSubTypes.Type(HostEvent.ContainerRenamed.class),
        @JsonSubTypes.Type(HostEvent.SnapshotRenamed.class)})
public sealed interface HostEvent {
    String node();

    String project();

    String name();

    record ContainerCreated(String node, String project, String name) implements HostEvent {
    }

    record ContainerStarted(String node, String project, String name, long pid) implements HostEvent {
    }

    /**
     * The container's init is gone.
     *
     * @param exitCode the init's exit status (128+signal when killed), or null when it could not be learnt
     * @param requested true when Berth stopped it; false when init exited by itself
     */
    record ContainerStopped(String node, String project, String name, Integer exitCode, boolean requested)
            implements
                HostEvent {
    }

    record ContainerDeleted(String node, String project, String name) implements HostEvent {
    }

    /** Container {@code name} is now {@code newName} on the node (everything of it, under the new name). */
    record ContainerRenamed(String node, String project, String name, String newName) implements HostEvent {
    }

    record SnapshotRenamed(String node, String project, String name, String snapshot, String newSnapshot)
            implements
                HostEvent {
    }

    record SnapshotCreated(String node, String project, String name, String snapshot) implements HostEvent {
    }

    record SnapshotDeleted(String node, String project, String name, String snapshot) implements HostEvent {
    }

    /** The layer is the snapshot's again; {@code running} says whether the container was started again. */
    record ContainerRestored(String node, String project, String name, String snapshot, boolean running)
            implements
                HostEvent {
    }

    /** {@code config} is now the container's: recorded for its next start, and its limits applied if it runs. */
    record ContainerUpdated(String node, String project, String name, Map<String, String> config, boolean live)
            implements
                HostEvent {
    }

    /**
     * The kernel's OOM killer killed a process of the container at its memory limit.
     *
     * @param kills the container's OOM kills so far (its memory cgroup's {@code oom_kill} counter)
     */
    record ContainerOomKilled(String node, String project, String name, long kills) implements HostEvent {
    }

    /** Storage pool {@code name} exists on the node and is open. */
    record StoragePoolCreated(String node, String project, String name) implements HostEvent {
    }

    /** Storage pool {@code name} and its files are gone from the node. */
    record StoragePoolDeleted(String node, String project, String name) implements HostEvent {
    }

    /** The container's root filesystem is now an image in image-service. */
    record ContainerPublished(String node, String project, String name, String fingerprint, long size)
            implements
                HostEvent {
    }

    /** A build finished and its image is stored in image-service; {@code name} is the build's name. */
    record ImageBuilt(String node, String project, String name, String fingerprint, long size) implements HostEvent {
    }

    /**
     * A host command could not be carried out; nothing it started is left behind.
     *
     * @param code the LXD error code for the operation (400, 404, 409); 0 means an internal failure (500)
     */
    record HostCommandFailed(String node, String project, String name, String command, String error, int code)
            implements
                HostEvent {
        public HostCommandFailed(String node, String project, String name, String command, String error) {
            this(node, project, name, command, error, 0);
        }
    }
}

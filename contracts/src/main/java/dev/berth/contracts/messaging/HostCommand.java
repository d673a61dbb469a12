package dev.berth.contracts.messaging;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Commands from container-service to the host-executor of one node; each is idempotent on the host. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(HostCommand.CreateContainer.class),
        @JsonSubTypes.Type(HostCommand.StartContainer.class),
        @JsonSubTypes.Type(HostCommand.StopContainer.class),
        @JsonSubTypes.Type(HostCommand.RestartContainer.class),
        @JsonSubTypes.Type(HostCommand.DeleteContainer.class),
        @JsonSubTypes.Type(HostCommand.PublishContainer.class),
        @JsonSubTypes.Type(HostCommand.BuildImage.class),
        @JsonSubTypes.Type(HostCommand.UpdateContainer.class),
        @JsonSubTypes.Type(HostCommand.SnapshotContainer.class),
        @JsonSubTypes.Type(HostCommand.DeleteSnapshot.class),
        @JsonSubTypes.Type(HostCommand.RestoreContainer.class),
        @JsonSubTypes.Type(HostCommand.CopyContainer.class),
        @JsonSubTypes.Type(HostCommand.CreateStoragePool.class),
        @JsonSubTypes.Type(HostCommand.DeleteStoragePool.class),
        @JsonSubTypes.Type(HostCommand.RenameContainer.class),
        @JsonSubTypes.Type(HostCommand.RenameSnapshot.class)})
public sealed interface HostCommand {
    /** The node that must act; other nodes ignore the command. */
    String node();

    String project();

    String name();

    /** Prepare storage; with {@code start}, also start it. Emits ContainerCreated (and ContainerStarted). */
    record CreateContainer(String node, String project, String name, ContainerSpec spec, boolean start)
            implements
                HostCommand {
    }

    record StartContainer(String node, String project, String name, ContainerSpec spec) implements HostCommand {
    }

    /** Graceful signal, then SIGKILL after {@code timeoutSeconds}; {@code force} kills at once. */
    record StopContainer(String node, String project, String name, int timeoutSeconds, boolean force)
            implements
                HostCommand {
    }

    record RestartContainer(String node, String project, String name, ContainerSpec spec, int timeoutSeconds,
            boolean force) implements HostCommand {
    }

    /**
     * Pack the stopped container's root filesystem (image plus its changes), or that of its {@code snapshot} (the
     * container may run then), as a unified image and stream it to {@code uploadUrl}. Emits ContainerPublished, or HostCommandFailed with image-service's error code.
     */
    record PublishContainer(String node, String project, String name, String uploadUrl, ImagePublish image,
            String snapshot) implements HostCommand {

        public PublishContainer(String node, String project, String name, String uploadUrl, ImagePublish image) {
            this(node, project, name, uploadUrl, image, null);
        }
    }

    /**
     * Build an image with one of the node's builders (such as {@code debian/12}) and stream it to {@code uploadUrl};
     * {@code name} is the build's name. Emits ImageBuilt, or HostCommandFailed.
     */
    record BuildImage(String node, String project, String name, String builder, String uploadUrl,
            ImagePublish image) implements HostCommand {
    }

    /** Stop if needed and remove the container and its storage. Emits ContainerDeleted. */
    record DeleteContainer(String node, String project, String name) implements HostCommand {
    }

    /**
     * The instance's configuration changed: keep {@code spec} for the next start and, when the container runs,
     * apply its limits now ({@code runc update}). Emits ContainerUpdated, or HostCommandFailed.
     */
    record UpdateContainer(String node, String project, String name, ContainerSpec spec) implements HostCommand {
    }

    /** Copy the container's own layer as it is now (running or not). Emits SnapshotCreated. */
    record SnapshotContainer(String node, String project, String name, String snapshot) implements HostCommand {
    }

    record DeleteSnapshot(String node, String project, String name, String snapshot) implements HostCommand {
    }

    /**
     * Put the snapshot's layer back: stop the container if it runs, restore, and start it again with {@code spec}
     * (the settings restored with it). Emits ContainerRestored (and the stop and start events on the way).
     */
    record RestoreContainer(String node, String project, String name, String snapshot, ContainerSpec spec)
            implements
                HostCommand {
    }

    /**
     * Make container {@code name} from the layer of {@code source} (or of its snapshot {@code sourceSnapshot}) on
     * the same node, with the image's {@code copy} templates, and with copies of the source's {@code snapshots}
     * (by name; null or empty: none). Emits ContainerCreated for {@code name}.
     */
    record CopyContainer(String node, String project, String name, String source, String sourceSnapshot,
            ContainerSpec spec, List<String> snapshots) implements HostCommand {
        public List<String> snapshotsOrEmpty() {
            return snapshots == null ? List.of() : snapshots;
        }
    }

    /**
     * Create storage pool {@code name} on the node (or attach it again: idempotent). Emits StoragePoolCreated, or
     * HostCommandFailed with the code of the refusal.
     */
    record CreateStoragePool(String node, String project, String name, String driver, Map<String, String> config)
            implements
                HostCommand {
    }

    /** Destroy the pool and its files (refused with 400 while it holds volumes). Emits StoragePoolDeleted. */
    record DeleteStoragePool(String node, String project, String name) implements HostCommand {
    }

    /**
     * Give the stopped container {@code name} the name {@code newName}: its runc id, directory, storage volume and
     * snapshots, and its static leases. Emits ContainerRenamed, or HostCommandFailed with nothing renamed.
     */
    record RenameContainer(String node, String project, String name, String newName) implements HostCommand {
    }

    /** Rename one of the container's snapshots. Emits SnapshotRenamed, or HostCommandFailed. */
    record RenameSnapshot(String node, String project, String name, String snapshot, String newSnapshot)
            implements
                HostCommand {
    }
}

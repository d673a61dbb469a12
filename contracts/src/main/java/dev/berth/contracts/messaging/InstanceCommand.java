package dev.berth.contracts.messaging;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Commands from the gateway to container-service, one per LXD mutating request. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(InstanceCommand.CreateInstance.class),
        @JsonSubTypes.Type(InstanceCommand.ChangeInstanceState.class),
        @JsonSubTypes.Type(InstanceCommand.DeleteInstance.class),
        @JsonSubTypes.Type(InstanceCommand.PublishInstance.class),
        @JsonSubTypes.Type(InstanceCommand.BuildImage.class),
        @JsonSubTypes.Type(InstanceCommand.UpdateInstance.class),
        @JsonSubTypes.Type(InstanceCommand.SnapshotInstance.class),
        @JsonSubTypes.Type(InstanceCommand.DeleteSnapshot.class),
        @JsonSubTypes.Type(InstanceCommand.RestoreInstance.class),
        @JsonSubTypes.Type(InstanceCommand.CopyInstance.class),
        @JsonSubTypes.Type(InstanceCommand.RenameInstance.class),
        @JsonSubTypes.Type(InstanceCommand.RenameSnapshot.class)})
public sealed interface InstanceCommand {
    String name();

    /**
     * Image source: an alias or a fingerprint (prefix allowed), on this server or, with {@code server}, on a remote
     * image server speaking {@code protocol} ({@code simplestreams}) whose TLS certificate, if {@code certificate}
     * (PEM) is given, must be that one.
     */
    record ImageSource(String alias, String fingerprint, String server, String protocol, String certificate) {
        public ImageSource(String alias, String fingerprint) {
            this(alias, fingerprint, null, null, null);
        }

        public ImageSource(String alias, String fingerprint, String server, String protocol) {
            this(alias, fingerprint, server, protocol, null);
        }
    }

    /**
     * @param profiles the instance's profiles in order; null means {@code ["default"]}, empty means none
     * @param devices the instance's own devices; null for none
     */
    record CreateInstance(String name, ImageSource source, Map<String, String> config, boolean start,
            List<String> profiles, Map<String, Map<String, String>> devices) implements InstanceCommand {

        public CreateInstance(String name, ImageSource source, Map<String, String> config, boolean start) {
            this(name, source, config, start, null, null);
        }
    }

    record ChangeInstanceState(String name, StateAction action, int timeoutSeconds, boolean force)
            implements
                InstanceCommand {
    }

    record DeleteInstance(String name) implements InstanceCommand {
    }

    /**
     * {@code PUT} or {@code PATCH /1.0/instances/{name}}: {@code config} is the instance's whole new local config
     * (the gateway merged a PATCH and kept the volatile and image keys); limits apply live to a running instance.
     */
    record UpdateInstance(String name, Map<String, String> config, Map<String, Map<String, String>> devices,
            List<String> profiles) implements InstanceCommand {
    }

    /** {@code POST /1.0/images} with an instance source: turn a stopped instance's rootfs into an image. */
    record PublishInstance(String name, ImagePublish image, String snapshot) implements InstanceCommand {

        public PublishInstance(String name, ImagePublish image) {
            this(name, image, null);
        }
    }

    /**
     * Build an image from scratch on a node ({@code berth image build debian/12}); {@code name} names the build, not an
     * instance, and keys it on the topic.
     */
    record BuildImage(String name, String builder, ImagePublish image) implements InstanceCommand {
    }

    /** {@code POST /1.0/instances/{name}/snapshots}: a stateless snapshot of the root disk and settings. */
    record SnapshotInstance(String name, String snapshot) implements InstanceCommand {
    }

    record DeleteSnapshot(String name, String snapshot) implements InstanceCommand {
    }

    /** {@code PUT /1.0/instances/{name}} with {@code restore}: a running instance is stopped and started again. */
    record RestoreInstance(String name, String snapshot) implements InstanceCommand {
    }

    /**
     * {@code POST /1.0/instances} with {@code source.type: copy}: {@code name} is the new instance, made from
     * {@code source} (or its snapshot {@code sourceSnapshot}), stopped. A copy of an instance takes its snapshots
     * along, as LXD's does, unless {@code instanceOnly} ({@code source.instance_only}); a copy of a snapshot has none.
     */
    record CopyInstance(String name, String source, String sourceSnapshot, boolean instanceOnly)
            implements
                InstanceCommand {
    }

    /**
     * {@code POST /1.0/instances/{name}} with {@code {"name": newName}}: the stopped instance, its storage, snapshots
     * and addresses take the new name.
     */
    record RenameInstance(String name, String newName) implements InstanceCommand {
    }

    /** {@code POST /1.0/instances/{name}/snapshots/{snapshot}} with {@code {"name": newSnapshot}}. */
    record RenameSnapshot(String name, String snapshot, String newSnapshot) implements InstanceCommand {
    }

    /** The actions of {@code PUT /1.0/instances/{name}/state} that Berth implements. */
    enum StateAction {
        START,
        STOP,
        RESTART
    }
}

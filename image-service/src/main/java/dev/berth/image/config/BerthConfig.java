package dev.berth.image.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** The {@code berth.*} settings image-service reads. */
@ConfigMapping(prefix = "berth")
public interface BerthConfig {

    /** Root of Berth's on-disk state; the blob store lives in {@code images/} below it. */
    Path stateDir();

    @WithName("image-service")
    ImageService imageService();

    Busybox busybox();

    Image image();

    /** The internal token; service-support's {@code InternalToken} reads it, named here so the mapping accepts it. */
    Optional<String> internalToken();

    /** Read by service-support's {@code InternalGuard}; named here so the mapping accepts them. */
    InternalAuth internalAuth();

    /** Which requests need the internal token: all but GET/HEAD of {@code publicPaths}, unless the guard is off. */
    interface InternalAuth {
        @WithDefault("true")
        boolean guard();

        @WithDefault("/internal/ready")
        String publicPaths();
    }

    /** How other services reach this one. */
    interface ImageService {
        /** Base URL put into blob links, e.g. {@code http://127.0.0.1:18082}. */
        String url();
    }

    /** The host binary the built-in image is made from. */
    interface Busybox {
        Path path();
    }

    /** Image import rules and events. */
    interface Image {
        /** The most an uploaded image may unpack to; the decompression-bomb limit. */
        MemorySize maxUnpackedSize();

        /** Where image lifecycle events go (the test profile uses its own topic). */
        String lifecycleTopic();

        /** squashfs-tools' unsquashfs, which validates squashfs rootfs uploads. */
        String unsquashfs();

        /** The tools that turn OCI layouts and docker-archives into application images. */
        Oci oci();
    }

    /** skopeo normalises the archive to an OCI layout, umoci unpacks it, tar packs the Berth image. */
    interface Oci {
        @WithDefault("/usr/bin/skopeo")
        String skopeo();

        @WithDefault("/usr/bin/umoci")
        String umoci();

        @WithDefault("/bin/tar")
        String tar();

        /** How long each tool may run before the import fails. */
        @WithDefault("10m")
        Duration timeout();
    }
}

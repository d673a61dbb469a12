package dev.berth.image.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.berth.image.domain.AliasedImage;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.ImageSource;

/**
 * LXD's {@code api.Image} ({@code GET /1.0/images/{fingerprint}}), field for field as Incus 6.0 prints it (no
 * {@code update_source} for images that were uploaded rather than pulled; pulled ones are {@code cached}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LxdImage(boolean autoUpdate, Map<String, String> properties, @JsonProperty("public") boolean isPublic,
        Instant expiresAt, List<String> profiles, List<Alias> aliases, String architecture, boolean cached,
        String filename, String fingerprint, long size,
        @JsonInclude(JsonInclude.Include.NON_NULL) UpdateSource updateSource, String type, Instant createdAt,
        Instant lastUsedAt, Instant uploadedAt, String project) {

    /** LXD's zero {@code time.Time}, which it prints for "never". */
    public static final Instant ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    /** LXD's {@code api.ImageAlias}: an alias as listed inside an image. */
    public record Alias(String name, String description) {
    }

    /** LXD's {@code api.ImageSource}: where a cached image was pulled from. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record UpdateSource(String alias, String certificate, String protocol, String server,
            String imageType) {
    }

    public static LxdImage of(AliasedImage entry) {
        return of(entry, null);
    }

    /** {@code source} is null for an image that was uploaded or built here rather than pulled. */
    public static LxdImage of(AliasedImage entry, ImageSource source) {
        Image i = entry.image();
        List<Alias> aliases = entry.aliases().stream().map(a -> new Alias(a.name(), a.description())).toList();
        UpdateSource update = source == null
                ? null
                : new UpdateSource(source.alias(), source.certificate(), source.protocol(), source.server(),
                        source.imageType());
        return new LxdImage(i.autoUpdate(), i.properties(), i.isPublic(), orZero(i.expiresAt()), List.of("default"),
                aliases, i.architecture(), source != null, i.filename(), i.fingerprint(), i.size(), update, i.type(),
                orZero(i.createdAt()), orZero(i.lastUsedAt()), orZero(i.uploadedAt()), "default");
    }

    private static Instant orZero(Instant t) {
        return t == null ? ZERO_TIME : t;
    }
}

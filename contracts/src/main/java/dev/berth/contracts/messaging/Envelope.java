package dev.berth.contracts.messaging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The header every Berth message carries.
 *
 * @param messageId the dedupe key: a redelivered message has the same id
 * @param operationId the LXD operation this message serves, or null
 * @param causationId the message id that caused this one, or null for a root command
 * @param trace epoch microseconds at each hop (for example {@code gateway.published}); carried forward from cause to effect
 */
public record Envelope(String messageId, String operationId, String causationId, String project, Instant occurredAt,
        int schemaVersion, Map<String, Long> trace) {

    public static final int SCHEMA_VERSION = 1;

    /** A root envelope for a new command. */
    public static Envelope root(String operationId, String project) {
        return new Envelope(UUID.randomUUID().toString(), operationId, null, project, Instant.now(), SCHEMA_VERSION,
                new LinkedHashMap<>());
    }

    /** An envelope for a message caused by this one: same operation and project, trace carried forward. */
    public Envelope caused() {
        return new Envelope(UUID.randomUUID().toString(), operationId, messageId, project, Instant.now(),
                SCHEMA_VERSION,
                new LinkedHashMap<>(trace == null ? Map.of() : trace));
    }

    /** Records the current time under {@code hop} and returns this envelope. */
    public Envelope stamp(String hop) {
        trace.put(hop, nowMicros());
        return this;
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}

package dev.berth.image.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.contracts.Json;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.image.rest.LxdUrls;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.support.outbox.OutboxStore;

/** The lifecycle events one transaction produces, written to the outbox on that transaction's connection. */
final class ImageEvents {
    static final String PRODUCER = "/berth/image-service";
    private static final String PROJECT = "default";

    private final Connection c;
    private final OutboxStore outbox;
    private final String topic;
    private final String operationId;
    private final List<OutboxRow> rows = new ArrayList<>();

    ImageEvents(Connection c, OutboxStore outbox, String topic, String operationId) {
        this.c = c;
        this.outbox = outbox;
        this.topic = topic;
        this.operationId = operationId;
    }

    void image(String action, String fingerprint, Map<String, Object> context) throws SQLException {
        add(action, LxdUrls.image(fingerprint), context);
    }

    void alias(String action, String name, Map<String, Object> context) throws SQLException {
        add(action, LxdUrls.alias(name), context);
    }

    private void add(String action, String source, Map<String, Object> context) throws SQLException {
        LifecycleEvent event = LifecycleEvent.root(PRODUCER, PROJECT, operationId, action, source, context);
        rows.add(outbox.add(c, topic, PROJECT + source.substring("/1.0".length()), Json.write(event),
                LifecycleEvent.CONTENT_TYPE));
    }

    Connection connection() {
        return c;
    }

    List<OutboxRow> rows() {
        return rows;
    }
}

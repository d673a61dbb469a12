package dev.berth.container.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.berth.support.outbox.OutboxStore;
import dev.berth.support.outbox.OutboxRow;
import dev.berth.contracts.InstanceRef;
import dev.berth.contracts.Json;
import dev.berth.contracts.Topics;
import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.OperationEvent;

/** The messages one transaction produces, written to the outbox on that transaction's connection. */
final class Outgoing {
    /** The CloudEvents {@code source} of the lifecycle events this service emits. */
    static final String PRODUCER = "/berth/container-service";
    private final Connection c;
    private final OutboxStore outbox;
    private final List<OutboxRow> rows = new ArrayList<>();

    Outgoing(Connection c, OutboxStore outbox) {
        this.c = c;
        this.outbox = outbox;
    }

    void hostCommand(Envelope cause, HostCommand command) throws SQLException {
        Envelope e = cause.caused().stamp("container.published");
        rows.add(outbox.add(c, Topics.HOST_COMMANDS, command.node(), new Message<>(e, command).toJson(), null));
    }

    void lifecycle(Envelope cause, InstanceRef ref, String action, Map<String, Object> context) throws SQLException {
        lifecycle(cause, ref.url(), ref.key(), action, context);
    }

    /** A lifecycle event about the resource at {@code url}, keyed by {@code key} on the topic. */
    void lifecycle(Envelope cause, String url, String key, String action, Map<String, Object> context)
            throws SQLException {
        LifecycleEvent event = LifecycleEvent.of(PRODUCER, cause, action, url, context);
        rows.add(outbox.add(c, Topics.LIFECYCLE, key, Json.write(event), LifecycleEvent.CONTENT_TYPE));
    }

    void succeeded(Envelope cause) throws SQLException {
        if (cause.operationId() != null) {
            operation(cause, new OperationEvent.OperationSucceeded(cause.operationId()));
        }
    }

    void succeeded(Envelope cause, Map<String, Object> metadata) throws SQLException {
        if (cause.operationId() != null) {
            operation(cause, new OperationEvent.OperationSucceeded(cause.operationId(), metadata));
        }
    }

    void failed(Envelope cause, int code, String error) throws SQLException {
        if (cause.operationId() != null) {
            operation(cause, new OperationEvent.OperationFailed(cause.operationId(), code, error));
        }
    }

    private void operation(Envelope cause, OperationEvent event) throws SQLException {
        Envelope e = cause.caused().stamp("container.operation_published");
        rows.add(outbox.add(c, Topics.OPERATIONS, event.operationId(), new Message<>(e, event).toJson(), null));
    }

    List<OutboxRow> rows() {
        return rows;
    }
}

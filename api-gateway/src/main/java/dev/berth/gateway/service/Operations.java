package dev.berth.gateway.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.messaging.EventPublisher;
import dev.berth.gateway.repository.OperationRepository;

/**
 * LXD operations: recorded in PostgreSQL, finished by events from Kafka, waited on in memory; each change of state is
 * published as an {@code operation} event for {@code /1.0/events}.
 */
@ApplicationScoped
public class Operations {

    @Inject
    OperationRepository repository;
    @Inject
    EventPublisher events;

    private final Map<String, CompletableFuture<Operation>> waiters = new ConcurrentHashMap<>();
    /**
     * The websocket operations this replica started and has not seen end: their fds' secrets are checked here on each
     * attach without a round trip to PostgreSQL. An end anywhere removes them ({@link #wake}, {@link #finish}).
     */
    private final Map<String, Operation> websockets = new ConcurrentHashMap<>();

    /** Records a new running task operation on the given resources. */
    public Operation start(String description, String project, Map<String, List<String>> resources) {
        return start("task", description, project, resources, null);
    }

    /** Records a new running operation of the given class ({@code task} or {@code websocket}) with its metadata. */
    public Operation start(String operationClass, String description, String project,
            Map<String, List<String>> resources, Map<String, Object> metadata) {
        Instant now = Instant.now();
        Operation op = new Operation(UUID.randomUUID().toString(), operationClass, description, now, now,
                StatusCode.RUNNING.text(), StatusCode.RUNNING.code(), resources, metadata, false, "", "none");
        repository.insert(op, project);
        if ("websocket".equals(operationClass)) {
            websockets.put(op.id(), op);
        }
        events.publishAsync(op.id(), event(op, project));
        return op;
    }

    /** Records an operation whose work already succeeded inside the request, such as an image upload. */
    public Operation succeeded(String description, String project, Map<String, List<String>> resources,
            Map<String, Object> metadata) {
        Operation op = start(description, project, resources);
        repository.finish(op.id(), StatusCode.SUCCESS, "", metadata);
        Operation done = repository.find(op.id()).orElseThrow();
        publish(done, project);
        return done;
    }

    /**
     * Finishes an operation (idempotent: a redelivered outcome changes nothing), adding {@code metadata} to what it
     * carries, publishes its final state and wakes whoever waits on it here.
     */
    public void finish(String id, StatusCode status, String err, Map<String, Object> metadata) {
        websockets.remove(id);
        Map<String, Object> merged = new LinkedHashMap<>();
        repository.find(id).map(Operation::metadata).ifPresent(merged::putAll);
        if (metadata != null) {
            merged.putAll(metadata);
        }
        if (repository.finish(id, status, err, merged.isEmpty() ? null : merged)) {
            repository.find(id).ifPresent(op -> {
                // waiters here first: /wait answers from the record, it need not wait for the broker's ack
                wake(op);
                publish(op, repository.project(id).orElse("default"));
            });
        }
    }

    /** Completes the local waiters of a final operation, whichever replica finished it. */
    public void wake(Operation op) {
        websockets.remove(op.id());
        CompletableFuture<Operation> waiter = waiters.remove(op.id());
        if (waiter != null) {
            waiter.complete(op);
        }
    }

    private void publish(Operation op, String project) {
        events.publish(op.id(), event(op, project));
    }

    private static Event event(Operation op, String project) {
        return new Event(Event.OPERATION, op.updatedAt(), Json.MAPPER.valueToTree(op), "none", project);
    }

    public Optional<Operation> get(String id) {
        return repository.find(id);
    }

    /** A websocket operation this replica started and still runs, without asking PostgreSQL; empty otherwise. */
    public Optional<Operation> runningWebsocket(String id) {
        return Optional.ofNullable(websockets.get(id));
    }

    public List<Operation> list(String project) {
        return repository.list(project);
    }

    /** The operation once final, or as it stands when {@code timeoutSeconds} pass (-1 waits without limit). */
    public Optional<Operation> await(String id, double timeoutSeconds) {
        CompletableFuture<Operation> waiter = waiters.computeIfAbsent(id, k -> new CompletableFuture<>());
        Optional<Operation> now = repository.find(id);
        if (now.isEmpty() || now.get().isFinal()) {
            waiters.remove(id, waiter);
            return now;
        }
        try {
            return Optional.of(timeoutSeconds < 0
                    ? waiter.get()
                    : waiter.get((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return repository.find(id);
        } catch (ExecutionException e) {
            return repository.find(id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return repository.find(id);
        }
    }
}

package dev.berth.gateway.service;

import java.time.Instant;
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

import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.StatusCode;
import dev.berth.gateway.repository.OperationRepository;

/** LXD operations: recorded in PostgreSQL, finished by events from Kafka, waited on in memory. */
@ApplicationScoped
public class Operations {

    @Inject
    OperationRepository repository;

    private final Map<String, CompletableFuture<Operation>> waiters = new ConcurrentHashMap<>();

    /** Records a new running task operation on the given resources. */
    public Operation start(String description, String project, Map<String, List<String>> resources) {
        Instant now = Instant.now();
        Operation op = new Operation(UUID.randomUUID().toString(), "task", description, now, now,
                StatusCode.RUNNING.text(), StatusCode.RUNNING.code(), resources, null, false, "", "none");
        repository.insert(op, project);
        return op;
    }

    /** Records an operation whose work already succeeded inside the request, such as an image upload. */
    public Operation succeeded(String description, String project, Map<String, List<String>> resources,
            Map<String, Object> metadata) {
        Operation op = start(description, project, resources);
        repository.finish(op.id(), StatusCode.SUCCESS, "", metadata);
        return repository.find(op.id()).orElseThrow();
    }

    /** Finishes an operation (idempotent) and wakes whoever waits on it. */
    public void finish(String id, StatusCode status, String err, Map<String, Object> metadata) {
        repository.finish(id, status, err, metadata);
        CompletableFuture<Operation> waiter = waiters.remove(id);
        if (waiter != null) {
            repository.find(id).ifPresent(waiter::complete);
        }
    }

    public Optional<Operation> get(String id) {
        return repository.find(id);
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

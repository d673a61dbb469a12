package dev.berth.executor.messaging;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

import dev.berth.contracts.messaging.Envelope;
import dev.berth.contracts.messaging.Message;
import dev.berth.contracts.messaging.OperationEvent;
import dev.berth.support.kafka.KafkaSends;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes the outcome of work the executor runs for an operation directly (an exec) to
 * {@code berth.operation.events.v1}, keyed by operation id; retried until the broker has it, since a lost outcome
 * would leave the operation running forever.
 */
@ApplicationScoped
public class OperationOutcomes {
    private static final Logger LOG = Logger.getLogger(OperationOutcomes.class);
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int ATTEMPTS = 20;

    @Inject
    @Channel("operation-events")
    Emitter<String> emitter;

    /** {@code trace}: the hops the work went through (epoch microseconds), carried into the operation's trace. */
    public void publish(String project, OperationEvent outcome, java.util.Map<String, Long> trace) {
        Envelope env = Envelope.root(outcome.operationId(), project);
        env.trace().putAll(trace);
        env.stamp("executor.published");
        String value = new Message<>(env, outcome).toJson();
        long backoff = 100;
        for (int attempt = 1;; attempt++) {
            try {
                KafkaSends.send(emitter, value, OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(outcome.operationId()).build()).get(30, TimeUnit.SECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (attempt == ATTEMPTS) {
                    LOG.errorf("outcome of operation %s lost: %s", outcome.operationId(), e.toString());
                    return;
                }
                LOG.warnf("publishing the outcome of %s failed (%s); retrying", outcome.operationId(), e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }
}

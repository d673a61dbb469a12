package dev.berth.support.logging;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;

/**
 * LXD's {@code logging} events: what Berth's own loggers ({@code dev.berth.*}) say at {@code berth.logging-events.level}
 * and above goes, as an LXD event, to the event stream ({@code berth.events.v1}), from which every gateway replica
 * serves {@code GET /1.0/events?type=logging} ({@code lxc monitor --type=logging}). Sending never logs itself and
 * blocks the logging thread at most 200 ms: a record that cannot be sent is dropped, and so is every record for the
 * next 30 s.
 */
@ApplicationScoped
public class LoggingEvents {
    private static final String LOGGERS = "dev.berth";
    private static final Duration PAUSE = Duration.ofSeconds(30);

    @ConfigProperty(name = "berth.logging-events.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "berth.logging-events.level", defaultValue = "INFO")
    String level;
    @ConfigProperty(name = "berth.logging-events.topic", defaultValue = "berth.events.v1")
    String topic;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;
    @ConfigProperty(name = "quarkus.application.name")
    String service;

    private KafkaProducer<String, String> producer;
    private EventHandler handler;

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        // a broker that is away must not hold up whoever logs: wait at most this long for metadata or buffer space
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "200");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-logging-events");
        producer = new KafkaProducer<>(p);
        handler = new EventHandler(Level.parse(level.toUpperCase(Locale.ROOT)));
        java.util.logging.Logger.getLogger(LOGGERS).addHandler(handler);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (handler != null) {
            java.util.logging.Logger.getLogger(LOGGERS).removeHandler(handler);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    /** The LXD event for one record: {@code {type: logging, metadata: {message, level, context}}}, no project. */
    static JsonObject event(LogRecord record, String service) {
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        if (record.getThrown() != null) {
            message = message + ": " + record.getThrown();
        }
        JsonObject context = new JsonObject().put("service", service).put("logger", record.getLoggerName());
        return new JsonObject().put("type", "logging").put("timestamp", Instant.ofEpochMilli(record.getMillis())
                .toString()).put("metadata", new JsonObject().put("message", message)
                        .put("level",
                                lxdLevel(record.getLevel()))
                        .put("context", context))
                .put("location", "none").put("project", "");
    }

    /** LXD's level names: debug, info, warning, error. */
    static String lxdLevel(Level level) {
        int v = level.intValue();
        return v >= Level.SEVERE.intValue()
                ? "error"
                : v >= Level.WARNING.intValue() ? "warning" : v >= Level.INFO.intValue() ? "info" : "debug";
    }

    private final class EventHandler extends Handler {
        private final ThreadLocal<Boolean> sending = ThreadLocal.withInitial(() -> false);
        /** After a failed send, records are dropped until then (nanoTime), so an absent broker costs one wait. */
        private volatile long pausedUntil = System.nanoTime();

        EventHandler(Level threshold) {
            setLevel(threshold);
        }

        @Override
        public void publish(LogRecord record) {
            if (!isLoggable(record) || sending.get() || System.nanoTime() - pausedUntil < 0) {
                return;
            }
            sending.set(true);
            try {
                producer.send(new ProducerRecord<>(topic, service, event(record, service).encode()), (m, e) -> {
                    if (e != null) {
                        pause();
                    }
                });
            } catch (RuntimeException e) {
                pause(); // dropped: logging about a failure to send a log record would only loop
            } finally {
                sending.set(false);
            }
        }

        private void pause() {
            pausedUntil = System.nanoTime() + PAUSE.toNanos();
        }

        @Override
        public void flush() {
            producer.flush();
        }

        @Override
        public void close() {
        }
    }
}

package dev.berth.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.berth.contracts.Json;
import dev.berth.contracts.lxd.Event;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.gateway.messaging.EventStreamConsumer;

class LifecycleEventsTest {

    @Test
    void shouldTurnALifecycleCloudEventIntoLxdsLifecycleEvent() throws Exception {
        LifecycleEvent cloud = LifecycleEvent.root("/berth/container-service", "p1", "op-1", "instance-started",
                "/1.0/instances/c%201", Map.of("exit_code", 0));

        Event event = EventStreamConsumer.toEvent(Json.write(cloud));

        assertThat(event.type()).isEqualTo("lifecycle");
        assertThat(event.project()).isEqualTo("p1");
        assertThat(event.timestamp()).isEqualTo(cloud.time());
        assertThat(event.metadata().path("action").asText()).isEqualTo("instance-started");
        assertThat(event.metadata().path("source").asText()).isEqualTo("/1.0/instances/c%201");
        assertThat(event.metadata().path("name").asText()).isEqualTo("c 1");
        assertThat(event.metadata().path("context").path("exit_code").asInt()).isZero();
    }

    @Test
    void shouldPassAnLxdEventThroughAsItIs() throws Exception {
        String json = "{\"type\":\"operation\",\"timestamp\":\"2026-11-26T10:00:00Z\",\"metadata\":{\"id\":\"x\"},"
                + "\"location\":\"none\",\"project\":\"default\"}";

        Event event = EventStreamConsumer.toEvent(json);

        assertThat(event.type()).isEqualTo("operation");
        assertThat(event.metadata().path("id").asText()).isEqualTo("x");
    }
}

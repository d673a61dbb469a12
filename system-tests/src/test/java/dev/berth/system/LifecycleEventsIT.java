package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.contracts.Json;
import dev.berth.contracts.Topics;

/** An auditor reading the lifecycle topic sees every change of an instance, as CloudEvents. */
@ExtendWith(Stack.class)
class LifecycleEventsIT {

    @Test
    void shouldPublishCloudEventsForEachLifecycleChangeWhenAnInstanceLivesAndDies() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-auditor-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (LxdClient api = Stack.client();
                KafkaConsumer<String, String> auditor = new KafkaConsumer<>(props, new StringDeserializer(),
                        new StringDeserializer())) {
            auditor.subscribe(List.of(Topics.LIFECYCLE));

            // Given an instance that is launched, stopped and deleted
            Instances.launch(api, "it-audited", Map.of());
            Instances.stop(api, "it-audited", true);
            api.waitSuccess(api.deleteInstance("it-audited"), 60);

            // Then the auditor sees its whole life, in order, as structured-mode CloudEvents
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                auditor.poll(Duration.ofMillis(200)).forEach(r -> {
                    if ("default/it-audited".equals(r.key())) {
                        seen.add(r);
                    }
                });
                assertThat(actions(seen)).containsSubsequence("instance-created", "instance-started",
                        "instance-stopped", "instance-deleted");
            });
            ConsumerRecord<String, String> first = seen.get(0);
            assertThat(new String(first.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8))
                    .startsWith("application/cloudevents+json");
            JsonNode event = Json.MAPPER.readTree(first.value());
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("id").asText()).isNotBlank();
            assertThat(event.path("type").asText()).isEqualTo("dev.berth.lifecycle.instance-created");
            assertThat(event.path("subject").asText()).isEqualTo("/1.0/instances/it-audited");
            assertThat(event.path("berthoperation").asText()).isNotBlank();
        }
    }

    private static List<String> actions(List<ConsumerRecord<String, String>> records) throws Exception {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            out.add(Json.MAPPER.readTree(r.value()).path("data").path("action").asText());
        }
        return out;
    }
}

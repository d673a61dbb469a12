package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.config.BerthConfig;
import dev.berth.image.service.Readiness;
import dev.berth.image.support.ImageApi;
import dev.berth.image.support.StoreProbe;
import dev.berth.imageformat.testing.TestArchive;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Image lifecycle events reach Kafka (the test topic) as CloudEvents. */
@QuarkusTest
class ImageEventsTest {
    @TestHTTPResource("/")
    URI base;
    @Inject
    DataSource dataSource;
    @Inject
    BerthConfig config;
    @Inject
    Readiness readiness;

    private ImageApi api;
    private KafkaConsumer<String, String> consumer;
    private final List<JsonNode> seen = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        api = new ImageApi(base);
        new StoreProbe(dataSource, config.stateDir().resolve("images"))
                .resetExcept(readiness.builtinFingerprint().orElseThrow());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:19092");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "image-events-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(config.image().lifecycleTopic()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200));
            return !consumer.assignment().isEmpty();
        });
        // "latest" is resolved lazily: pin the positions now, or events sent before the next poll are skipped
        consumer.assignment().forEach(consumer::position);
    }

    @AfterEach
    void tearDown() {
        consumer.close();
    }

    @Test
    void shouldPublishEventsWhenImagesAndAliasesChange() throws Exception {
        // Given
        String image = ImageApi.sync(api.upload(TestArchive.unified().bytes(), "X-Berth-Operation", "op-42"), 201)
                .path("fingerprint").asText();

        // When
        ImageApi.sync(api.send("POST", "1.0/images/aliases", "{\"name\":\"ev/1\",\"target\":\"" + image + "\"}"),
                201);
        ImageApi.sync(api.send("POST", "1.0/images/aliases/ev%2F1", "{\"name\":\"ev2\"}"), 201);
        ImageApi.sync(api.send("PATCH", "1.0/images/aliases/ev2", "{\"description\":\"x\"}"), 200);
        ImageApi.sync(api.send("DELETE", "1.0/images/aliases/ev2", null), 200);
        ImageApi.sync(api.send("PATCH", "1.0/images/" + image, "{\"public\":true}"), 200);
        ImageApi.sync(api.send("DELETE", "1.0/images/" + image, null), 200);

        // Then
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(read(r.value())));
            assertThat(seen).extracting(e -> e.path("data").path("action").asText()).containsSubsequence(
                    "image-created", "image-alias-created", "image-alias-renamed", "image-alias-updated",
                    "image-alias-deleted", "image-updated", "image-deleted");
        });
        JsonNode created = seen.stream().filter(e -> e.path("type").asText().endsWith("image-created")).findFirst()
                .orElseThrow();
        assertThat(created.path("source").asText()).isEqualTo("/berth/image-service");
        assertThat(created.path("subject").asText()).isEqualTo("/1.0/images/" + image);
        assertThat(created.path("berthoperation").asText()).isEqualTo("op-42");
        assertThat(created.path("data").path("context").path("type").asText()).isEqualTo("container");
        JsonNode renamed = seen.stream().filter(e -> e.path("type").asText().endsWith("image-alias-renamed"))
                .findFirst().orElseThrow();
        assertThat(renamed.path("data").path("source").asText()).isEqualTo("/1.0/images/aliases/ev2");
        assertThat(renamed.path("data").path("context").path("old_name").asText()).isEqualTo("ev/1");
    }

    private static JsonNode read(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

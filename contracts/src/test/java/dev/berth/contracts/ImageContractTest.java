package dev.berth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.messaging.ContainerSpec;
import dev.berth.contracts.messaging.HostCommand;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.contracts.messaging.Message;

/** Pins the image-related wire formats: split-image container specs and image lifecycle events. */
class ImageContractTest {

    @Test
    void shouldCarryTheRootfsUrlWhenTheImageIsSplit() throws IOException {
        // Given
        String golden = golden("create-container-split-image.json");

        // When
        Message<HostCommand> m = Message.parse(golden, Message.HOST_COMMAND);

        // Then
        ContainerSpec spec = ((HostCommand.CreateContainer) m.payload()).spec();
        assertThat(spec.rootfsUrl()).endsWith("/rootfs");
        assertThat(spec.imageUrl()).endsWith("/blob");
        assertThat(spec.devicesOrEmpty().get("root")).containsEntry("pool", "default").containsEntry("path", "/");
        assertThat(tree(m.toJson())).isEqualTo(tree(golden));
    }

    @Test
    void shouldLeaveTheRootfsUrlNullWhenTheImageIsUnified() {
        // Given
        ContainerSpec unified = new ContainerSpec("ab".repeat(32), "http://x/blob", Map.of());

        // When
        ContainerSpec read = Json.read(Json.write(unified), ContainerSpec.class);

        // Then
        assertThat(read).isEqualTo(unified);
        assertThat(read.rootfsUrl()).isNull();
    }

    @Test
    void shouldRoundTripAnImageEventWhenReadFromGoldenFile() throws IOException {
        // Given
        String golden = golden("image-created-event.json");

        // When
        LifecycleEvent event = Json.read(golden, LifecycleEvent.class);

        // Then
        assertThat(event.action()).isEqualTo("image-created");
        assertThat(event.source()).isEqualTo("/berth/image-service");
        assertThat(event.berthcausation()).isNull();
        assertThat(tree(Json.write(event))).isEqualTo(tree(golden));
    }

    @Test
    void shouldNameTheProducerWhenARootEventIsBuilt() {
        // When
        LifecycleEvent event = LifecycleEvent.root("/berth/image-service", "default", null, "image-alias-created",
                "/1.0/images/aliases/debian%2F12", Map.of("target", "ab".repeat(32)));

        // Then
        assertThat(event.source()).isEqualTo("/berth/image-service");
        assertThat(event.type()).isEqualTo("dev.berth.lifecycle.image-alias-created");
        assertThat(event.data().project()).isEqualTo("default");
        assertThat(event.id()).isNotBlank();
    }

    private static JsonNode tree(String json) throws IOException {
        return Json.MAPPER.readTree(json);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ImageContractTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

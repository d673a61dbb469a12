package dev.berth.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.lxd.Operation;
import dev.berth.contracts.lxd.Response;
import dev.berth.contracts.messaging.HostEvent;
import dev.berth.contracts.messaging.InstanceCommand;
import dev.berth.contracts.messaging.LifecycleEvent;
import dev.berth.contracts.messaging.Message;

/** Pins the wire formats: a change to any of them must change a golden file on purpose. */
class WireContractTest {

    @Test
    void shouldRoundTripCreateInstanceWhenReadFromGoldenFile() throws IOException {
        String golden = golden("create-instance-command.json");
        Message<InstanceCommand> m = Message.parse(golden, Message.INSTANCE_COMMAND);
        assertThat(m.payload()).isInstanceOf(InstanceCommand.CreateInstance.class);
        InstanceCommand.CreateInstance create = (InstanceCommand.CreateInstance) m.payload();
        assertThat(create.source().alias()).isEqualTo("busybox");
        assertThat(create.config()).containsEntry("limits.memory", "64MiB");
        assertThat(m.envelope().trace()).containsOnlyKeys("gateway.received", "gateway.published");
        assertThat(tree(m.toJson())).isEqualTo(tree(golden));
    }

    @Test
    void shouldRoundTripContainerStoppedWhenReadFromGoldenFile() throws IOException {
        String golden = golden("container-stopped-event.json");
        Message<HostEvent> m = Message.parse(golden, Message.HOST_EVENT);
        assertThat(m.payload()).isEqualTo(new HostEvent.ContainerStopped("local", "default", "c1", 137, false));
        assertThat(tree(m.toJson())).isEqualTo(tree(golden));
    }

    @Test
    void shouldMatchIncusOperationShapeWhenSerialised() throws IOException {
        String golden = golden("operation.json");
        Operation op = Json.read(golden, Operation.class);
        assertThat(op.operationClass()).isEqualTo("task");
        assertThat(tree(Json.write(op))).isEqualTo(tree(golden));
    }

    @Test
    void shouldUseLxdEnvelopeFieldsWhenRenderingAnError() throws IOException {
        JsonNode error = tree(Json.write(Response.error(404, "Instance not found")));
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error_code").asInt()).isEqualTo(404);
        assertThat(error.path("status_code").asInt()).isZero();
        assertThat(error.has("metadata")).isTrue();
        assertThat(error.path("metadata").isNull()).isTrue();
    }

    @Test
    void shouldBeAStructuredCloudEventWhenLifecycleEventIsSerialised() throws IOException {
        Message<InstanceCommand> cause = Message.parse(golden("create-instance-command.json"),
                Message.INSTANCE_COMMAND);
        LifecycleEvent event = LifecycleEvent.of("/berth/container-service", cause.envelope(), "instance-started",
                "/1.0/instances/c1",
                Map.of());
        JsonNode json = tree(Json.write(event));
        assertThat(json.path("specversion").asText()).isEqualTo("1.0");
        assertThat(json.path("type").asText()).isEqualTo("dev.berth.lifecycle.instance-started");
        assertThat(json.path("data").path("action").asText()).isEqualTo("instance-started");
        assertThat(json.path("berthoperation").asText()).isEqualTo("op-1");
        assertThat(json.path("berthcausation").asText()).isEqualTo(cause.envelope().messageId());
        assertThat(json.path("id").asText()).isNotEqualTo(cause.envelope().messageId());
        // CloudEvents attribute names: lower-case letters and digits only
        List<String> names = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).allMatch(n -> n.matches("[a-z0-9]+"));
    }

    private static JsonNode tree(String json) throws IOException {
        return Json.MAPPER.readTree(json);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = WireContractTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

package dev.berth.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.cli.http.Reply;
import dev.berth.cli.http.UnixHttpClient;
import dev.berth.contracts.Json;

/** Bad requests get LXD error envelopes that name the problem, and leave nothing half-made behind. */
@ExtendWith(Stack.class)
class BadInputIT {
    private final LxdClient api = Stack.client();
    private final UnixHttpClient http = Stack.http();

    @AfterEach
    void cleanUp() {
        Instances.forceDelete(api, "it-bad-dup");
        api.close();
        http.close();
    }

    @Test
    void shouldAnswer400WhenNameIsInvalid() throws Exception {
        for (String name : List.of("1abc", "-abc", "has_underscore", "a".repeat(64))) {
            JsonNode error = post("{\"name\":\"" + name + "\",\"source\":{\"type\":\"image\",\"alias\":\"busybox\"}}",
                    400);
            assertThat(error.path("error").asText()).contains("Invalid instance name");
        }
        assertNothingHalfMade();
    }

    @Test
    void shouldAnswer400NamingTheKeyWhenConfigIsUnknownOrBad() throws Exception {
        JsonNode unknown = post(body("it-bad-cfg", "{\"bogus.key\":\"1\"}"), 400);
        assertThat(unknown.path("error").asText()).contains("bogus.key");
        JsonNode bad = post(body("it-bad-cfg", "{\"limits.memory\":\"lots\"}"), 400);
        assertThat(bad.path("error").asText()).contains("limits.memory").contains("lots");
        JsonNode procs = post(body("it-bad-cfg", "{\"limits.processes\":\"-3\"}"), 400);
        assertThat(procs.path("error").asText()).contains("limits.processes");
        JsonNode seccomp = post(body("it-bad-cfg", "{\"raw.seccomp\":\"2\\ndenylist\\nkeyctl errno 1\\n\"}"), 400);
        assertThat(seccomp.path("error").asText()).contains("raw.seccomp").contains("security.privileged");
        JsonNode nesting = post(body("it-bad-cfg", "{\"security.nesting\":\"maybe\"}"), 400);
        assertThat(nesting.path("error").asText()).contains("security.nesting");
        assertNothingHalfMade();
    }

    @Test
    void shouldAnswer400WhenJsonIsMalformed() throws Exception {
        JsonNode error = post("{\"name\": \"x\", ", 400);
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").asText()).contains("Invalid JSON");
        assertNothingHalfMade();
    }

    @Test
    void shouldFailTheOperationWith404WhenImageIsUnknown() {
        assertThatThrownBy(() -> api.waitSuccess(api.createInstance(
                new dev.berth.contracts.lxd.InstancesPost("it-bad-img", "container", true, Map.of(), Map.of(), null,
                        false, "", "", "", new dev.berth.contracts.lxd.InstancesPost.InstanceSource("image",
                                "no-such-image", null, null, null, null))),
                60))
                .isInstanceOf(LxdException.class).hasMessageContaining("no-such-image")
                .hasMessageContaining("not found");
        assertNothingHalfMade();
    }

    @Test
    void shouldAnswer409WhenNameIsTakenAnd400WhenDeletingARunningInstance() throws Exception {
        // Given a running instance
        Instances.launch(api, "it-bad-dup", Map.of());

        // When another is created with the same name
        JsonNode dup = post(body("it-bad-dup", "{}"), 409);
        assertThat(dup.path("error").asText()).contains("already exists");

        // When the running one is deleted without stopping it
        Reply reply = http.request("DELETE", "/1.0/instances/it-bad-dup", null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(reply.bodyText()).path("error").asText()).isEqualTo("Instance is running");

        // Then it still runs, untouched
        assertThat(api.getInstance("it-bad-dup").status()).isEqualTo("Running");
        assertThat(Host.runcState("default_it-bad-dup")).isPresent();
    }

    @Test
    void shouldAnswer404WhenInstanceIsUnknown() throws Exception {
        Reply reply = http.request("GET", "/1.0/instances/it-nope", null);
        assertThat(reply.status()).isEqualTo(404);
        JsonNode body = Json.MAPPER.readTree(reply.bodyText());
        assertThat(body.path("error_code").asInt()).isEqualTo(404);
        assertThat(body.path("error").asText()).contains("Instance not found");
        Reply state = http.request("PUT", "/1.0/instances/it-nope/state", "{\"action\":\"start\"}");
        assertThat(state.status()).isEqualTo(404);
        Reply action = http.request("PUT", "/1.0/instances/it-bad-dup/state", "{\"action\":\"dance\"}");
        assertThat(action.status()).isIn(400, 404);
    }

    private static String body(String name, String config) {
        return "{\"name\":\"" + name + "\",\"source\":{\"type\":\"image\",\"alias\":\"busybox\"},\"config\":" + config
                + "}";
    }

    private JsonNode post(String body, int expectedStatus) throws Exception {
        Reply reply = http.request("POST", "/1.0/instances", body);
        JsonNode json = Json.MAPPER.readTree(reply.bodyText());
        assertThat(reply.status()).as(reply.bodyText()).isEqualTo(expectedStatus);
        assertThat(json.path("type").asText()).isEqualTo("error");
        assertThat(json.path("error_code").asInt()).isEqualTo(expectedStatus);
        return json;
    }

    private void assertNothingHalfMade() {
        assertThat(api.listInstanceNames()).noneMatch(n -> n.startsWith("it-bad-") && !n.equals("it-bad-dup"));
        assertThat(Host.runcContainers()).noneMatch(n -> n.startsWith("default_it-bad-") && !n.equals(
                "default_it-bad-dup"));
    }
}

package dev.berth.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code /1.0/instances/{name}/sftp} refuses what it cannot upgrade, in LXD's error envelope. */
@QuarkusTest
class InstanceSftpRouteTest {

    @TestHTTPResource("/")
    URI local;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldAnswer400WhenTheUpgradeHeadersAreMissing() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.resolve("1.0/instances/c1/sftp"))
                .header("Authorization", "Bearer test-internal-token").GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("error_code").asInt()).isEqualTo(400);
        assertThat(body.path("error").asText()).contains("Upgrade: sftp");
    }

    @Test
    void shouldAnswer400ThroughTheLegacyAliasToo() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.resolve("1.0/containers/c1/sftp"))
                .header("Authorization", "Bearer test-internal-token").GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void shouldAnswer405ForAnotherMethod() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(local.resolve("1.0/instances/c1/sftp"))
                .header("Authorization", "Bearer test-internal-token")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(Json.MAPPER.readTree(r.body()).path("error_code").asInt()).isEqualTo(405);
    }
}

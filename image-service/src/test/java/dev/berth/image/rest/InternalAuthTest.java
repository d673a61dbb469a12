package dev.berth.image.rest;

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

/** Every image-service endpoint needs the internal token, but readiness and the public simplestreams view. */
@QuarkusTest
class InternalAuthTest {
    private static final String TOKEN = "Bearer test-internal-token";

    @TestHTTPResource("/")
    URI base;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldRefuseAnInternalEndpointWithoutOrWithAWrongToken() throws Exception {
        for (String authorization : new String[]{null, "Bearer wrong", "test-internal-token"}) {
            HttpResponse<String> reply = send("GET", "internal/images/resolve?alias=none", authorization);

            assertThat(reply.statusCode()).as("%s", authorization).isEqualTo(403);
            JsonNode error = Json.MAPPER.readTree(reply.body());
            assertThat(error.path("type").asText()).isEqualTo("error");
            assertThat(error.path("error_code").asInt()).isEqualTo(403);
        }
        assertThat(send("GET", "internal/images/resolve?alias=none", TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseTheLxdCollectionsWithoutTheToken() throws Exception {
        assertThat(send("GET", "1.0/images", null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "1.0/images", "Bearer wrong").statusCode()).isEqualTo(403);
        assertThat(send("GET", "1.0/images", TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeReadinessAndThePublicStreamsWithoutTheToken() throws Exception {
        assertThat(send("GET", "streams/v1/index.json", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "streams/v1/images.json", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "internal/ready", null).statusCode()).isNotEqualTo(403);
        // only reads are public
        assertThat(send("DELETE", "streams/v1/index.json", null).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).method(method,
                HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

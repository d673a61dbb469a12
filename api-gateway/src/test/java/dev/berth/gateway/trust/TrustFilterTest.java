package dev.berth.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpMethod;

/** What an untrusted client may reach, as LXD's AllowUntrusted endpoints. */
class TrustFilterTest {

    @Test
    void shouldLetAnUntrustedClientReachOnlyInfoTrustAndOperationWebsockets() {
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0")).isTrue();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.POST, "/1.0/certificates")).isTrue();
        // the secret in the query is the credential; the route checks it
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/operations/4e2b/websocket")).isTrue();

        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/operations/4e2b")).isFalse();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.DELETE, "/1.0/operations/4e2b/websocket")).isFalse();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/operations/a/b/websocket")).isFalse();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/operations/4e2b/wait")).isFalse();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/instances")).isFalse();
        assertThat(TrustFilter.allowedUntrusted(HttpMethod.GET, "/1.0/certificates")).isFalse();
    }
}

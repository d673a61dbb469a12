package dev.berth.gateway.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HTTPS with client certificates against the real gateway and PostgreSQL: untrusted clients see only {@code /1.0},
 * trust tokens add a certificate once, a deleted certificate is refused at once. Plain HTTP stands in for the
 * (trusted) Unix socket.
 */
@QuarkusTest
class HttpsTrustTest {

    @TestHTTPResource("/")
    URI local;

    @Inject
    HttpsListener https;

    @Inject
    ServerCertificate serverCertificate;

    @Inject
    javax.sql.DataSource dataSource;

    private final HttpClient plain = HttpClient.newHttpClient();

    @Test
    void shouldShowOnlyApi10ToAClientWithoutCertificate() throws Exception {
        HttpClient anonymous = client(null);

        JsonNode info = send(anonymous, "GET", "1.0", null, 200);
        assertThat(info.at("/metadata/auth").asText()).isEqualTo("untrusted");
        assertThat(info.at("/metadata/api_extensions").isArray()).isTrue();
        assertThat(info.at("/metadata/api_extensions").size()).isZero();
        assertThat(info.at("/metadata/auth_methods/0").asText()).isEqualTo("tls");

        assertThat(send(anonymous, "GET", "1.0/instances", null, 403).path("error_code").asInt()).isEqualTo(403);
        send(anonymous, "GET", "1.0/certificates", null, 403);
        send(anonymous, "GET", "1.0/operations", null, 403);
        send(anonymous, "GET", "1.0/networks", null, 403);
        send(anonymous, "DELETE", "1.0/certificates/ab", null, 403);
        send(anonymous, "POST", "1.0/certificates", "{\"trust_token\":\"bm9wZQ==\"}", 403);
    }

    @Test
    void shouldRefuseAnUnknownCertificate() throws Exception {
        HttpClient stranger = client(Pem.selfSigned("stranger", java.util.List.of(), false));

        assertThat(send(stranger, "GET", "1.0", null, 200).at("/metadata/auth").asText()).isEqualTo("untrusted");
        send(stranger, "GET", "1.0/instances", null, 403);
        send(stranger, "POST", "1.0/certificates", "{\"name\":\"x\",\"token\":true}", 403);
    }

    @Test
    void shouldTrustAClientThatPresentsATokenOnceAndForgetItWhenDeleted() throws Exception {
        // Given a token made on the trusted side, as `incus config trust add alice` does
        JsonNode created = send(plain, "POST", "1.0/certificates", "{\"name\":\"alice\",\"type\":\"client\","
                + "\"token\":true}", 202);
        JsonNode op = created.path("metadata");
        assertThat(op.path("class").asText()).isEqualTo("token");
        assertThat(op.at("/metadata/fingerprint").asText()).isEqualTo(serverCertificate.fingerprint());
        assertThat(op.at("/metadata/request/name").asText()).isEqualTo("alice");
        assertThat(op.at("/metadata/addresses/0").asText()).isEqualTo("127.0.0.1:" + https.port());
        assertThat(op.at("/metadata/expiresAt").asText()).isNotEmpty();
        String token = token(op.path("metadata"));
        Pem.SelfSigned alice = Pem.selfSigned("alice", java.util.List.of(), false);
        HttpClient aliceClient = client(alice);

        // When alice presents it over HTTPS
        HttpResponse<String> added = raw(aliceClient, "POST", "1.0/certificates",
                "{\"type\":\"client\",\"trust_token\":\"" + token + "\"}");

        // Then her certificate is trusted under the token's name, and GET /1.0 says who she is
        String fingerprint = Pem.fingerprint(alice.certificate());
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.headers().firstValue("Location")).hasValue("/1.0/certificates/" + fingerprint);
        JsonNode info = send(aliceClient, "GET", "1.0", null, 200);
        assertThat(info.at("/metadata/auth").asText()).isEqualTo("trusted");
        assertThat(info.at("/metadata/auth_user_method").asText()).isEqualTo("tls");
        assertThat(info.at("/metadata/auth_user_name").asText()).isEqualTo(fingerprint);
        assertThat(info.at("/metadata/environment/certificate").asText()).isEqualTo(serverCertificate.pem());
        assertThat(info.at("/metadata/config/core.https_address").asText()).isEqualTo("127.0.0.1:0");
        assertThat(info.at("/metadata/api_extensions").toString()).contains("certificate_token");
        JsonNode mine = send(aliceClient, "GET", "1.0/certificates/" + fingerprint.substring(0, 12), null, 200);
        assertThat(mine.at("/metadata/name").asText()).isEqualTo("alice");
        assertThat(mine.at("/metadata/type").asText()).isEqualTo("client");
        assertThat(mine.at("/metadata/fingerprint").asText()).isEqualTo(fingerprint);
        send(aliceClient, "GET", "1.0/operations", null, 200);

        // And the token is spent: nobody else gets in with it
        HttpClient mallory = client(Pem.selfSigned("mallory", java.util.List.of(), false));
        send(mallory, "POST", "1.0/certificates", "{\"type\":\"client\",\"trust_token\":\"" + token + "\"}", 403);
        assertThat(send(mallory, "GET", "1.0", null, 200).at("/metadata/auth").asText()).isEqualTo("untrusted");

        // When the certificate is deleted, her very next request is refused
        send(plain, "DELETE", "1.0/certificates/" + fingerprint, null, 200);
        send(aliceClient, "GET", "1.0/instances", null, 403);
        assertThat(send(aliceClient, "GET", "1.0", null, 200).at("/metadata/auth").asText()).isEqualTo("untrusted");
    }

    @Test
    void shouldAcceptPylxdsPasswordFieldWithABarePemBody() throws Exception {
        JsonNode op = send(plain, "POST", "1.0/certificates", "{\"name\":\"py\",\"token\":true}", 202)
                .path("metadata");
        Pem.SelfSigned py = Pem.selfSigned("py", java.util.List.of(), false);
        String pem = Pem.encode(py.certificate());
        String bare = pem.replace("-----BEGIN CERTIFICATE-----\n", "").replace("-----END CERTIFICATE-----\n", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "client");
        body.put("certificate", bare);
        body.put("password", token(op.path("metadata")));

        HttpResponse<String> added = raw(client(py), "POST", "1.0/certificates", Json.write(body));

        assertThat(added.statusCode()).isEqualTo(201);
        String fingerprint = Pem.fingerprint(py.certificate());
        assertThat(added.headers().firstValue("Location")).hasValue("/1.0/certificates/" + fingerprint);
        assertThat(send(client(py), "GET", "1.0", null, 200).at("/metadata/auth").asText()).isEqualTo("trusted");
        send(plain, "DELETE", "1.0/certificates/" + fingerprint, null, 200);
    }

    @Test
    void shouldNotTrustACertificateRestrictedToOtherProjects() throws Exception {
        JsonNode op = send(plain, "POST", "1.0/certificates",
                "{\"name\":\"dave\",\"token\":true,\"restricted\":true,\"projects\":[\"other\"]}", 202)
                .path("metadata");
        Pem.SelfSigned dave = Pem.selfSigned("dave", java.util.List.of(), false);
        send(client(dave), "POST", "1.0/certificates", "{\"trust_token\":\"" + token(op.path("metadata")) + "\"}",
                201);
        String fingerprint = Pem.fingerprint(dave.certificate());
        JsonNode stored = send(plain, "GET", "1.0/certificates/" + fingerprint, null, 200).path("metadata");
        assertThat(stored.path("restricted").asBoolean()).isTrue();
        assertThat(stored.path("projects").toString()).isEqualTo("[\"other\"]");

        send(client(dave), "GET", "1.0/operations", null, 403);

        send(plain, "PATCH", "1.0/certificates/" + fingerprint, "{\"projects\":[\"default\"]}", 200);
        send(client(dave), "GET", "1.0/operations", null, 200);
        send(plain, "DELETE", "1.0/certificates/" + fingerprint, null, 200);
    }

    @Test
    void shouldRefuseAnExpiredABogusOrARevokedToken() throws Exception {
        HttpClient bob = client(Pem.selfSigned("bob", java.util.List.of(), false));
        // expired: the operation's expiresAt moved into the past
        JsonNode op = send(plain, "POST", "1.0/certificates", "{\"name\":\"bob\",\"token\":true}", 202)
                .path("metadata");
        try (var c = dataSource.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE operations SET metadata = jsonb_set(metadata::jsonb, '{expiresAt}',"
                                + " '\"2020-01-01T00:00:00Z\"')::json WHERE id = ?")) {
            ps.setString(1, op.path("id").asText());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        send(bob, "POST", "1.0/certificates", "{\"trust_token\":\"" + token(op.path("metadata")) + "\"}", 403);
        // bogus: not base64 JSON, or a secret nobody issued
        send(bob, "POST", "1.0/certificates", "{\"trust_token\":\"not-a-token\"}", 403);
        String forged = Base64.getEncoder().encodeToString(
                "{\"client_name\":\"bob\",\"secret\":\"00ff\"}".getBytes(StandardCharsets.UTF_8));
        send(bob, "POST", "1.0/certificates", "{\"trust_token\":\"" + forged + "\"}", 403);
        // revoked: its operation cancelled, as `incus config trust revoke-token` does
        JsonNode revoked = send(plain, "POST", "1.0/certificates", "{\"name\":\"bob\",\"token\":true}", 202)
                .path("metadata");
        send(plain, "DELETE", "1.0/operations/" + revoked.path("id").asText(), null, 200);
        send(bob, "POST", "1.0/certificates", "{\"trust_token\":\"" + token(revoked.path("metadata")) + "\"}", 403);
        assertThat(send(bob, "GET", "1.0", null, 200).at("/metadata/auth").asText()).isEqualTo("untrusted");
    }

    @Test
    void shouldManageCertificatesInLxdShape() throws Exception {
        // Given a certificate added from the trusted side with its PEM
        Pem.SelfSigned carol = Pem.selfSigned("carol", java.util.List.of(), false);
        String fingerprint = Pem.fingerprint(carol.certificate());
        Map<String, Object> body = Map.of("name", "carol", "type", "client", "certificate",
                Pem.encode(carol.certificate()));
        HttpResponse<String> added = raw(plain, "POST", "1.0/certificates", Json.write(body));
        assertThat(added.statusCode()).isEqualTo(201);
        send(plain, "POST", "1.0/certificates", Json.write(body), 409);

        // list, with and without recursion
        assertThat(send(plain, "GET", "1.0/certificates", null, 200).path("metadata").toString())
                .contains("/1.0/certificates/" + fingerprint);
        assertThat(send(plain, "GET", "1.0/certificates?recursion=1", null, 200).path("metadata").toString())
                .contains("\"name\":\"carol\"");

        // PATCH keeps what it does not name; PUT replaces
        send(plain, "PATCH", "1.0/certificates/" + fingerprint, "{\"description\":\"laptop\"}", 200);
        JsonNode patched = send(plain, "GET", "1.0/certificates/" + fingerprint, null, 200).path("metadata");
        assertThat(patched.path("name").asText()).isEqualTo("carol");
        assertThat(patched.path("description").asText()).isEqualTo("laptop");
        send(plain, "PUT", "1.0/certificates/" + fingerprint,
                "{\"name\":\"carol2\",\"type\":\"client\",\"restricted\":false,\"projects\":[]}", 200);
        JsonNode put = send(plain, "GET", "1.0/certificates/" + fingerprint, null, 200).path("metadata");
        assertThat(put.path("name").asText()).isEqualTo("carol2");
        assertThat(put.path("description").asText()).isEmpty();

        // bad input is a 400 naming the problem, and changes nothing
        assertThat(send(plain, "PUT", "1.0/certificates/" + fingerprint, "{\"name\":\"\",\"type\":\"client\"}", 400)
                .path("error").asText()).contains("name");
        assertThat(send(plain, "POST", "1.0/certificates", "{\"name\":\"x\",\"certificate\":\"AAAA\"}", 400)
                .path("error").asText()).contains("certificate");
        assertThat(send(plain, "POST", "1.0/certificates", "{\"name\":\"x\",\"type\":\"server\",\"certificate\":\""
                + "AAAA\"}", 400).path("error").asText()).contains("type");
        send(plain, "POST", "1.0/certificates", "{\"name\":\"x\"}", 400);
        send(plain, "GET", "1.0/certificates/ffffffffffffffffffff", null, 404);
        send(plain, "GET", "1.0/certificates/zz", null, 404);

        // When it is deleted it is gone
        send(plain, "DELETE", "1.0/certificates/" + fingerprint.substring(0, 16), null, 200);
        send(plain, "GET", "1.0/certificates/" + fingerprint, null, 404);
    }

    @Test
    void shouldServeTheServerCertificateItAdvertises() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(null, new TrustManager[]{TRUST_ALL}, null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", https.port())) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            assertThat(Pem.fingerprint(served)).isEqualTo(serverCertificate.fingerprint());
            assertThat(served.getPublicKey().getAlgorithm()).isEqualTo("EC");
        }
        JsonNode env = send(plain, "GET", "1.0", null, 200).at("/metadata/environment");
        assertThat(env.path("certificate_fingerprint").asText()).isEqualTo(serverCertificate.fingerprint());
        assertThat(env.path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        // TLS 1.2 is refused, as Incus clients require 1.3
        SSLContext old = SSLContext.getInstance("TLSv1.2");
        old.init(null, new TrustManager[]{TRUST_ALL}, null);
        try (SSLSocket socket = (SSLSocket) old.getSocketFactory().createSocket("127.0.0.1", https.port())) {
            socket.setEnabledProtocols(new String[]{"TLSv1.2"});
            org.assertj.core.api.Assertions.assertThatThrownBy(socket::startHandshake)
                    .isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    /** The token string {@code incus config trust add} prints: base64 of the JSON CertificateAddToken. */
    private static String token(JsonNode meta) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("client_name", meta.at("/request/name").asText());
        t.put("fingerprint", meta.path("fingerprint").asText());
        t.put("addresses", meta.path("addresses"));
        t.put("secret", meta.path("secret").asText());
        t.put("expires_at", meta.path("expiresAt").asText());
        return Base64.getEncoder().encodeToString(Json.write(t).getBytes(StandardCharsets.UTF_8));
    }

    private HttpClient client(Pem.SelfSigned identity) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        KeyManagerFactory kmf = null;
        if (identity != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("me", identity.keys().getPrivate(), new char[0],
                    new java.security.cert.Certificate[]{identity.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
        }
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), new TrustManager[]{TRUST_ALL}, null);
        SSLParameters params = new SSLParameters();
        params.setProtocols(new String[]{"TLSv1.3"});
        return HttpClient.newBuilder().sslContext(ctx).sslParameters(params).build();
    }

    private URI uri(HttpClient client, String path) {
        return client == plain ? local.resolve(path) : URI.create("https://127.0.0.1:" + https.port() + "/" + path);
    }

    private HttpResponse<String> raw(HttpClient client, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(client, path)).header("Content-Type", "application/json")
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (client == plain) {
            b.header("Authorization", "Bearer test-internal-token"); // loopback HTTP is root's with the token
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode send(HttpClient client, String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = raw(client, method, path, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    private static final X509ExtendedTrustManager TRUST_ALL = new X509ExtendedTrustManager() {
        public void checkClientTrusted(X509Certificate[] c, String a) {
        }

        public void checkServerTrusted(X509Certificate[] c, String a) {
        }

        public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {
        }

        public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {
        }

        public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}

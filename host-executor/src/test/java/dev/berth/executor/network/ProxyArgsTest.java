package dev.berth.executor.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxyArgsTest {
    private static final ProxyFiles FILES = new ProxyFiles(Path.of("/var/lib/berth/containers/c1"), "web");

    @Test
    void shouldRelayTcpThroughTheDeviceSocketWhenBothEndsAreTcp() {
        ProxySpec spec = ProxySpec.of("web", Map.of("type", "proxy", "listen", "tcp:0.0.0.0:8080",
                "connect", "tcp:127.0.0.1:80"));

        assertThat(ProxyArgs.host("/usr/bin/socat", spec, FILES)).containsExactly("/usr/bin/socat", "-t", "3600",
                "TCP4-LISTEN:8080,bind=0.0.0.0,fork,reuseaddr", "UNIX-CONNECT:proxy-web.sock");
        assertThat(ProxyArgs.inside("/usr/bin/socat", spec, FILES)).containsExactly("/usr/bin/socat", "-t", "3600",
                "UNIX-LISTEN:proxy-web.sock,fork,unlink-early", "TCP4:127.0.0.1:80");
        assertThat(ProxyArgs.needsRoot(spec)).isFalse();
    }

    @Test
    void shouldHandEachDatagramToAChildWhenUdp() {
        ProxySpec spec = ProxySpec.of("dns", Map.of("listen", "udp:[::1]:5353", "connect", "udp:[fd00::2]:53"));

        assertThat(ProxyArgs.host("socat", spec, FILES)).containsExactly("socat", "-T", "10", "-b", "65536",
                "UDP6-RECVFROM:5353,bind=[::1],fork", "UNIX-CONNECT:proxy-web.sock");
        assertThat(ProxyArgs.inside("socat", spec, FILES)).endsWith("UDP6:[fd00::2]:53");
    }

    @Test
    void shouldConnectInsideTheContainersRootWhenConnectIsAUnixSocket() {
        ProxySpec spec = ProxySpec.of("app", Map.of("listen", "unix:/run/host.sock", "connect",
                "unix:/run/app.sock", "bind", "host"));

        List<String> host = ProxyArgs.host("socat", spec, FILES);
        assertThat(host).contains("UNIX-LISTEN:/run/host.sock,fork");
        assertThat(ProxyArgs.listenPath(host)).isEqualTo("/run/host.sock");
        assertThat(ProxyArgs.inside("socat", spec, FILES))
                .endsWith("UNIX-CONNECT:/run/app.sock,chroot-early=/proc/self/fd/3");
        assertThat(ProxyArgs.needsRoot(spec)).isTrue();
    }

    @Test
    void shouldHaveNoListenPathWhenListeningOnTcp() {
        ProxySpec spec = ProxySpec.of("web", Map.of("listen", "tcp:127.0.0.1:1", "connect", "unix:/a.sock"));

        assertThat(ProxyArgs.listenPath(ProxyArgs.host("socat", spec, FILES))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bind|instance|only \"host\" is supported",
            "nat|true|option \"nat\" of proxy devices is not supported",
            "listen|tcp:1.2.3.4|Invalid value for device \"web\" option \"listen\" (\"tcp:1.2.3.4\")",
            "connect|udp:127.0.0.1:80|listen is tcp, so connect must be tcp or unix"})
    void shouldRefuseWithA400WhenTheConfigIsNotSupported(String key, String value, String message) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("listen", "tcp:0.0.0.0:80", "connect",
                "tcp:127.0.0.1:80"));
        config.put(key, value);

        assertThatThrownBy(() -> ProxySpec.of("web", config)).isInstanceOfSatisfying(NetworkException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessageContaining(message);
    }

    @Test
    void shouldRefuseWhenConnectIsMissing() {
        assertThatThrownBy(() -> ProxySpec.of("web", Map.of("listen", "tcp:0.0.0.0:80")))
                .isInstanceOf(NetworkException.class).hasMessageContaining("option \"connect\"");
    }
}

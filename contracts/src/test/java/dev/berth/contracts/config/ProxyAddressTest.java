package dev.berth.contracts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.berth.contracts.config.ProxyAddress.Protocol;

class ProxyAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp:0.0.0.0:8080|TCP|0.0.0.0|8080|",
            "tcp:127.0.0.1:80|TCP|127.0.0.1|80|",
            "udp:10.0.0.1:53|UDP|10.0.0.1|53|",
            "tcp:[::1]:80|TCP|::1|80|",
            "udp:[FD00::A:1]:65535|UDP|fd00::a:1|65535|",
            "tcp:[::]:1|TCP|::|1|",
            "unix:/run/app.sock|UNIX||0|/run/app.sock",
            "unix:/var/lib/x_y/a-b.c+d=e~f%g|UNIX||0|/var/lib/x_y/a-b.c+d=e~f%g"})
    void shouldParseWhenTheAddressIsWellFormed(String value, Protocol protocol, String host, int port, String path) {
        ProxyAddress a = ProxyAddress.parse("web", "listen", value);

        assertThat(a).isEqualTo(new ProxyAddress(protocol, host, port, path));
        assertThat(ProxyAddress.parse("web", "listen", a.toString())).isEqualTo(a);
    }

    @Test
    void shouldRenderTheLxdFormWhenPrinted() {
        assertThat(ProxyAddress.parse("listen", "tcp:[::1]:80")).hasToString("tcp:[::1]:80");
        assertThat(ProxyAddress.parse("listen", "udp:1.2.3.4:53")).hasToString("udp:1.2.3.4:53");
        assertThat(ProxyAddress.parse("listen", "unix:/run/a.sock")).hasToString("unix:/run/a.sock");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp:1.2.3.4|expected tcp:ADDR:PORT",
            "''|required",
            "1.2.3.4:80|expected tcp:ADDR:PORT, udp:ADDR:PORT or unix:/PATH",
            "sctp:1.2.3.4:80|expected tcp:ADDR:PORT",
            "TCP:1.2.3.4:80|expected tcp:ADDR:PORT",
            "tcp:0.0.0.0:80-81|port ranges and lists are not supported",
            "tcp:0.0.0.0:80,81|port ranges and lists are not supported",
            "tcp:0.0.0.0:0|not a port between 1 and 65535",
            "tcp:0.0.0.0:65536|not a port between 1 and 65535",
            "tcp:0.0.0.0:080|not a port between 1 and 65535",
            "tcp:0.0.0.0:|not a port between 1 and 65535",
            "tcp:localhost:80|host names are not supported",
            "tcp:1.2.3.256:80|not an IP address",
            "tcp::80|not an IP address",
            "tcp:::1:80|must be in brackets",
            "tcp:[1.2.3.4]:80|not an IPv6 address",
            "tcp:[fe80::1%eth0]:80|not an IPv6 address",
            "tcp:[1:2:3:4:5:6:7:8:9]:80|not an IPv6 address",
            "tcp:[::ffff:a00:1]:80|not an IPv6 address",
            "tcp:[example]:80|not an IPv6 address",
            "unix:run/app.sock|must be absolute",
            "unix:@abstract|abstract unix sockets are not supported",
            "unix:/run/a b.sock|plain file path",
            "unix:/run/a,b.sock|plain file path",
            "unix:/run/a:b.sock|plain file path",
            "unix:/run/../etc/x|plain file path",
            "unix:/run/|plain file path",
            "unix:/|plain file path"})
    void shouldRefuseWithTheDeviceOptionAndValueWhenMalformed(String value, String why) {
        assertThatThrownBy(() -> ProxyAddress.parse("web", "listen", value)).isInstanceOfSatisfying(
                ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("listen");
                    assertThat(e.getMessage()).startsWith("Invalid value for device \"web\" option \"listen\" (\""
                            + value + "\"): ").contains(why);
                });
    }

    @Test
    void shouldRefuseWhenTheSocketPathIsTooLongForSunPath() {
        String longest = "/" + "a".repeat(ProxyAddress.MAX_PATH - 1);

        assertThatCode(() -> ProxyAddress.parse("listen", "unix:" + longest)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ProxyAddress.parse("listen", "unix:" + longest + "b"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("longer than 107 bytes");
    }

    @Test
    void shouldNameOnlyTheOptionWhenNoDeviceIsGiven() {
        assertThatThrownBy(() -> ProxyAddress.parse("connect", "tcp:x"))
                .hasMessageStartingWith("Invalid value for option \"connect\" (\"tcp:x\"): ");
    }

    @ParameterizedTest
    @CsvSource({
            "tcp:0.0.0.0:80, tcp:127.0.0.1:80",
            "tcp:0.0.0.0:80, unix:/run/app.sock",
            "unix:/run/host.sock, tcp:127.0.0.1:80",
            "unix:/run/host.sock, unix:/run/app.sock",
            "udp:0.0.0.0:53, udp:127.0.0.1:53"})
    void shouldAcceptThePairWhenBothEndsCarryTheSameKindOfTraffic(String listen, String connect) {
        assertThatCode(() -> ProxyAddress.checkPair("web", ProxyAddress.parse("listen", listen),
                ProxyAddress.parse("connect", connect))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp:0.0.0.0:80|udp:127.0.0.1:80|listen is tcp, so connect must be tcp or unix",
            "unix:/run/h.sock|udp:127.0.0.1:80|listen is unix, so connect must be tcp or unix",
            "udp:0.0.0.0:53|tcp:127.0.0.1:53|listen is udp, so connect must be udp too",
            "udp:0.0.0.0:53|unix:/run/dns.sock|listen is udp, so connect must be udp too"})
    void shouldRefuseThePairWhenDatagramsMeetAStream(String listen, String connect, String why) {
        assertThatThrownBy(() -> ProxyAddress.checkPair("web", ProxyAddress.parse("listen", listen),
                ProxyAddress.parse("connect", connect))).isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.key()).isEqualTo("connect");
                    assertThat(e.getMessage()).isEqualTo("Invalid value for device \"web\" option \"connect\" (\""
                            + connect + "\"): " + why);
                });
    }
}

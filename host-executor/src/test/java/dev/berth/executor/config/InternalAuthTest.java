package dev.berth.executor.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InternalAuthTest {
    private final InternalAuth auth = new InternalAuth("http://127.0.0.1:18082/", "Bearer t");

    @Test
    void shouldSendTheTokenToImageServiceOnly() {
        assertThat(auth.headerFor("http://127.0.0.1:18082/internal/images/abc/blob")).isEqualTo("Bearer t");
        assertThat(auth.headerFor("http://127.0.0.1:18082/1.0/images")).isEqualTo("Bearer t");
    }

    @Test
    void shouldNotSendTheTokenToAnyOtherServer() {
        assertThat(auth.headerFor("https://images.example/streams/v1/index.json")).isNull();
        assertThat(auth.headerFor("http://127.0.0.1:180829/internal/images/abc/blob")).isNull();
        assertThat(auth.headerFor("http://127.0.0.1:18082@evil.example/x")).isNull();
        assertThat(auth.headerFor("http://127.0.0.1:1808/x")).isNull();
        assertThat(auth.headerFor(null)).isNull();
        assertThat(InternalAuth.NONE.headerFor("http://127.0.0.1:18082/x")).isNull();
    }
}

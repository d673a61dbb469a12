package dev.berth.support.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InternalTokenTest {
    @TempDir
    Path dir;

    @Test
    void shouldMakeOnePrivateTokenWhenServicesStartTogether() throws Exception {
        // Given a node without a token, When eight services start at once
        Path file = dir.resolve("state/internal.token");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> starts = IntStream.range(0, 8)
                    .<Callable<String>>mapToObj(i -> () -> InternalToken.readOrCreate(file)).toList();
            List<String> tokens = pool.invokeAll(starts).stream().map(InternalTokenTest::get).toList();

            // Then they all use the one token in the file, which only its owner can read, and no temporary is left
            assertThat(tokens).containsOnly(tokens.get(0));
            assertThat(tokens.get(0)).hasSize(64).isEqualTo(Files.readString(file).strip());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            try (var files = Files.list(file.getParent())) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("internal.token");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldKeepAnExistingTokenWhenRestarted() throws Exception {
        Path file = dir.resolve("internal.token");
        Files.writeString(file, "given-by-the-operator\n");

        assertThat(InternalToken.readOrCreate(file)).isEqualTo("given-by-the-operator");
    }

    @Test
    void shouldMatchOnlyTheBearerOfTheToken() {
        InternalToken token = InternalToken.of("s3cret");

        assertThat(token.matches(token.header())).isTrue();
        assertThat(token.matches("bearer s3cret")).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches("Bearer ")).isFalse();
        assertThat(token.matches("Bearer s3cre")).isFalse();
        assertThat(token.matches("Bearer s3cret2")).isFalse();
        assertThat(token.matches("Basic s3cret")).isFalse();
        assertThat(token.matches("s3cret")).isFalse();
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

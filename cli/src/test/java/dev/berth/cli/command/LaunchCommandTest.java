package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.Main;
import dev.berth.contracts.lxd.InstancesPost;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class LaunchCommandTest {
    private static LaunchCommand parse(String... args) {
        CommandLine cli = Main.commandLine(new Main(() -> {
            throw new AssertionError("no client needed to parse");
        }));
        ParseResult parsed = cli.parseArgs(args);
        return (LaunchCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void shouldCollectConfigPairsWhenRepeatedDashC() {
        // When
        LaunchCommand launch = parse("launch", "busybox", "c1", "-c", "limits.memory=64MiB", "--config",
                "limits.cpu=1", "-c", "user.note=a=b", "-c", "environment.EMPTY=");
        // Then
        InstancesPost post = launch.request();
        assertThat(post.config()).containsExactly(entry("limits.memory", "64MiB"), entry("limits.cpu", "1"),
                entry("user.note", "a=b"), entry("environment.EMPTY", ""));
        assertThat(post.name()).isEqualTo("c1");
        assertThat(post.start()).isTrue();
        assertThat(post.type()).isEqualTo("container");
    }

    @Test
    void shouldRejectConfigWhenNoEqualsSign() {
        assertThatThrownBy(() -> parse("launch", "busybox", "c1", "-c", "limits.memory"))
                .isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void shouldSendAliasWhenImageIsAName() {
        InstancesPost.InstanceSource source = parse("launch", "busybox", "c1").request().source();
        assertThat(source.type()).isEqualTo("image");
        assertThat(source.alias()).isEqualTo("busybox");
        assertThat(source.fingerprint()).isNull();
    }

    @Test
    void shouldSendFingerprintWhenImageIsTwelveOrMoreHexDigits() {
        InstancesPost.InstanceSource source = parse("launch", "D75009E842B3", "c1").request().source();
        assertThat(source.fingerprint()).isEqualTo("d75009e842b3");
        assertThat(source.alias()).isNull();
        assertThat(parse("launch", "d75009e842b", "c1").request().source().alias()).isEqualTo("d75009e842b");
    }

    @Test
    void shouldRequireImageAndNameWhenLaunching() {
        assertThatThrownBy(() -> parse("launch", "busybox")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    void shouldSendTheRemotesServerAndProtocolWhenImageNamesARemote(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        System.setProperty("berth.config-dir", dir.toString());
        try {
            // Given a remote added with the CLI
            CommandLine cli = Main.commandLine(new Main(() -> {
                throw new AssertionError("no client needed");
            }));
            assertThat(cli.execute("remote", "add", "other", "http://127.0.0.1:18092/")).isZero();
            assertThat(cli.execute("remote", "add", "other", "http://x")).isEqualTo(1);

            // When an image on it is launched
            InstancesPost.InstanceSource source = parse("launch", "other:debian/12", "c1").request().source();

            // Then the request names the server and protocol, and the alias without the remote
            assertThat(source.server()).isEqualTo("http://127.0.0.1:18092");
            assertThat(source.protocol()).isEqualTo("simplestreams");
            assertThat(source.alias()).isEqualTo("debian/12");
            assertThatThrownBy(() -> parse("launch", "nowhere:busybox", "c1").request())
                    .hasMessageContaining("Remote nowhere doesn't exist");
        } finally {
            System.clearProperty("berth.config-dir");
        }
    }

    @Test
    void shouldSendTheProfilesAndARootDiskOnThePoolWhenGivenDashPAndDashS(@TempDir Path dir) throws Exception {
        try (FakeLxd lxd = new FakeLxd(dir)) {
            // Given
            lxd.sync("GET /1.0/storage-pools/fast", "{\"name\":\"fast\",\"driver\":\"btrfs\"}")
                    .async("POST /1.0/instances");

            // When
            int code = lxd.run("launch", "busybox", "c1", "-p", "default", "--profile", "web", "-s", "fast");

            // Then the pool is checked first, then the create carries exactly these profiles and the root disk
            assertThat(code).isZero();
            assertThat(lxd.wire()).containsExactly("GET /1.0/storage-pools/fast", "POST /1.0/instances",
                    "GET /1.0/operations/op1/wait?timeout=60");
            JsonNode body = lxd.body("POST /1.0/instances");
            assertThat(body.path("profiles").toString()).isEqualTo("[\"default\",\"web\"]");
            assertThat(body.path("devices").toString())
                    .isEqualTo("{\"root\":{\"type\":\"disk\",\"path\":\"/\",\"pool\":\"fast\"}}");
            assertThat(body.path("source").path("alias").asText()).isEqualTo("busybox");
        }
    }

    @Test
    void shouldSendAnEmptyProfileListOnlyWhenNoProfilesIsGiven(@TempDir Path dir) throws Exception {
        try (FakeLxd lxd = new FakeLxd(dir)) {
            lxd.async("POST /1.0/instances");
            assertThat(lxd.run("launch", "busybox", "c1", "--no-profiles")).isZero();
            assertThat(lxd.body("POST /1.0/instances").path("profiles").toString()).isEqualTo("[]");
            assertThat(lxd.body("POST /1.0/instances").has("devices")).isFalse();
        }
        InstancesPost post = parse("launch", "busybox", "c1").request();
        assertThat(post.profiles()).isNull();
        assertThat(post.devices()).isNull();
    }

    @Test
    void shouldCreateNothingWhenTheStoragePoolDoesNotExist(@TempDir Path dir) throws Exception {
        try (FakeLxd lxd = new FakeLxd(dir)) {
            lxd.error("GET /1.0/storage-pools/nope", 404, "Storage pool not found");
            assertThat(lxd.run("launch", "busybox", "c1", "-s", "nope")).isEqualTo(1);
            assertThat(lxd.err()).isEqualTo("Error: Failed loading storage pool \"nope\": Storage pool not found"
                    + System.lineSeparator());
            assertThat(lxd.wire()).containsExactly("GET /1.0/storage-pools/nope");
        }
    }
}

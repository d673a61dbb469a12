package dev.berth.cli.command;

import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class ConfigCommandTest {
    static final String GET = "GET /1.0/instances/c1";
    static final String PUT = "PUT /1.0/instances/c1";
    static final String ETAG = "ETag: \"7d1b2c\"";

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void instance() {
        lxd = new FakeLxd(dir).sync(GET, sample("instance_c1_metadata"), ETAG).async(PUT);
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPutEveryWritableFieldWithIfMatchWhenSettingKeys() {
        // When
        int code = lxd.run("config", "set", "c1", "limits.cpu=2", "user.note=a=b");

        // Then the instance is read, written back with its ETag, and the operation waited for
        assertThat(code).isZero();
        assertThat(lxd.err()).isEmpty();
        assertThat(lxd.wire()).containsExactly(GET, PUT, "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.request(PUT).headers()).containsEntry("if-match", "\"7d1b2c\"")
                .containsEntry("content-type", "application/json");
        JsonNode body = lxd.body(PUT);
        assertThat(body.path("config").path("limits.cpu").asText()).isEqualTo("2");
        assertThat(body.path("config").path("user.note").asText()).isEqualTo("a=b");
        // the other keys, volatile ones included, go back unchanged
        assertThat(body.path("config").path("limits.memory").asText()).isEqualTo("64MiB");
        assertThat(body.path("config").path("volatile.uuid").asText())
                .isEqualTo("5b7e0c1a-8d2e-4d59-9d7f-3f1c8a2e6b11");
        assertThat(body.path("config").path("volatile.eth0.hwaddr").asText()).isEqualTo("00:16:3e:4a:2b:10");
        assertThat(body.path("config").size()).isEqualTo(7);
        // and so do the other writable fields, but nothing read-only
        assertThat(body.path("devices").path("data").path("source").asText()).isEqualTo("/srv/data");
        assertThat(body.path("profiles")).extracting(JsonNode::asText).containsExactly("default", "web");
        assertThat(body.path("architecture").asText()).isEqualTo("x86_64");
        assertThat(body.path("description").asText()).isEqualTo("test box");
        assertThat(body.path("ephemeral").isBoolean()).isTrue();
        assertThat(body.path("stateful").isBoolean()).isTrue();
        assertThat(body.fieldNames()).toIterable().containsExactlyInAnyOrder("architecture", "config", "devices",
                "ephemeral", "profiles", "stateful", "description");
    }

    @Test
    void shouldSetOneKeyWhenGivenKeyAndValueAsTwoArguments() {
        int code = lxd.run("config", "set", "c1", "limits.cpu", "2");
        assertThat(code).isZero();
        assertThat(lxd.body(PUT).path("config").path("limits.cpu").asText()).isEqualTo("2");
    }

    @Test
    void shouldRejectAnArgumentWithoutEqualsWhenSettingSeveral() {
        int code = lxd.run("config", "set", "c1", "a=1", "b", "c=3");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: \"b\" is not a valid key=value pair" + System.lineSeparator());
        assertThat(lxd.wire()).isEmpty();
    }

    @Test
    void shouldRemoveOnlyThatKeyWhenUnsetting() {
        // When
        int code = lxd.run("config", "unset", "c1", "limits.memory");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.request(PUT).headers()).containsEntry("if-match", "\"7d1b2c\"");
        JsonNode config = lxd.body(PUT).path("config");
        assertThat(config.has("limits.memory")).isFalse();
        assertThat(config.fieldNames()).toIterable().containsExactlyInAnyOrder("image.os", "volatile.base_image",
                "volatile.eth0.hwaddr", "volatile.uuid");
    }

    @Test
    void shouldRefuseWithoutWritingWhenUnsettingAKeyThatIsNotSet() {
        int code = lxd.run("config", "unset", "c1", "limits.cpu");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Can't unset key 'limits.cpu', it's not currently set"
                + System.lineSeparator());
        assertThat(lxd.wire()).containsExactly(GET);
    }

    @Test
    void shouldSaySomeoneElseChangedItWhenThePutAnswers412() {
        // Given the instance changed between the GET and the PUT
        lxd.error(PUT, 412, "ETag doesn't match: 7d1b2c vs 99aa00");

        // When
        int code = lxd.run("config", "set", "c1", "limits.cpu=2");

        // Then
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).startsWith("Error: Instance c1 was changed by someone else since it was read")
                .contains("ETag doesn't match: 7d1b2c vs 99aa00").contains("run the command again");
        assertThat(lxd.wire()).containsExactly(GET, PUT);
    }

    @Test
    void shouldPrintTheOperationErrorWhenTheUpdateFails() {
        lxd.failingAsync(PUT, "Invalid config: Unknown configuration key: limits.bogus");
        int code = lxd.run("config", "set", "c1", "limits.bogus=1");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Invalid config: Unknown configuration key: limits.bogus"
                + System.lineSeparator());
    }

    @Test
    void shouldSendNoIfMatchWhenTheServerGaveNoETag() {
        lxd.sync(GET, sample("instance_c1_metadata"));
        assertThat(lxd.run("config", "set", "c1", "limits.cpu=2")).isZero();
        assertThat(lxd.request(PUT).headers()).doesNotContainKey("if-match");
    }

    @Test
    void shouldPrintTheLocalOrExpandedValueWhenGettingAKey() {
        assertThat(lxd.run("config", "get", "c1", "limits.memory")).isZero();
        assertThat(lxd.out()).isEqualTo("64MiB" + System.lineSeparator());
        assertThat(lxd.run("config", "get", "c1", "limits.cpu")).isZero();
        assertThat(lxd.out()).isEqualTo(System.lineSeparator());
        assertThat(lxd.run("config", "get", "c1", "limits.cpu", "--expanded")).isZero();
        assertThat(lxd.out()).isEqualTo("1" + System.lineSeparator());
    }

    @Test
    void shouldShowTheWritableFieldsAsYamlWhenShowing() {
        // When
        int code = lxd.run("config", "show", "c1");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.out()).startsWith("architecture: x86_64\nconfig:\n  image.os: busybox\n  limits.memory: 64MiB\n")
                .contains("\ndevices:\n  data:\n    path: /data\n")
                .contains("\nephemeral: false\nprofiles:\n- default\n- web\nstateful: false\ndescription: test box\n")
                .doesNotContain("status").doesNotContain("expanded").doesNotContain("name: c1");
        assertThat(lxd.run("config", "show", "c1", "-e")).isZero();
        assertThat(lxd.out()).contains("  limits.cpu: \"1\"\n").contains("  root:\n");
    }
}

package dev.berth.cli.command;

import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class DeviceCommandTest {
    static final String GET = ConfigCommandTest.GET;
    static final String PUT = ConfigCommandTest.PUT;

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void instance() {
        lxd = new FakeLxd(dir).sync(GET, sample("instance_c1_metadata"), ConfigCommandTest.ETAG).async(PUT);
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPutTheDevicesWithTheNewOneWhenAddingADevice() {
        // When
        int code = lxd.run("config", "device", "add", "c1", "web", "proxy", "listen=tcp:0.0.0.0:80",
                "connect=tcp:127.0.0.1:8080");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.out()).isEqualTo("Device web added to c1" + System.lineSeparator());
        assertThat(lxd.request(PUT).headers()).containsEntry("if-match", "\"7d1b2c\"");
        JsonNode devices = lxd.body(PUT).path("devices");
        assertThat(devices.fieldNames()).toIterable().containsExactly("data", "web");
        assertThat(devices.path("web").toString())
                .isEqualTo("{\"type\":\"proxy\",\"listen\":\"tcp:0.0.0.0:80\",\"connect\":\"tcp:127.0.0.1:8080\"}");
        assertThat(lxd.body(PUT).path("config").path("volatile.uuid").isTextual()).isTrue();
    }

    @Test
    void shouldRefuseWhenAddingADeviceThatExists() {
        int code = lxd.run("config", "device", "add", "c1", "data", "disk", "path=/x", "source=/y");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: The device already exists" + System.lineSeparator());
        assertThat(lxd.wire()).containsExactly(GET);
    }

    @Test
    void shouldPutTheDevicesWithoutItWhenRemovingADevice() {
        int code = lxd.run("config", "device", "remove", "c1", "data");
        assertThat(code).isZero();
        assertThat(lxd.out()).isEqualTo("Device data removed from c1" + System.lineSeparator());
        assertThat(lxd.body(PUT).path("devices").size()).isZero();
        assertThat(lxd.body(PUT).path("profiles").size()).isEqualTo(2);
    }

    @Test
    void shouldExplainWhenRemovingADeviceThatComesFromAProfile() {
        int code = lxd.run("config", "device", "rm", "c1", "eth0");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).startsWith("Error: Device from profile(s) cannot be removed from individual instance");
        assertThat(lxd.run("config", "device", "rm", "c1", "nope")).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Device doesn't exist" + System.lineSeparator());
        assertThat(lxd.wire()).containsOnly(GET);
    }

    @Test
    void shouldPrintTheOwnDevicesAsYamlWhenShowing() {
        assertThat(lxd.run("config", "device", "show", "c1")).isZero();
        assertThat(lxd.out()).isEqualTo("data:\n  path: /data\n  source: /srv/data\n  type: disk\n");
    }

    @Test
    void shouldEditTheProfileWithASyncPutWhenAddingAProfileDevice() {
        // Given a profile, whose PUT LXD answers synchronously
        lxd.sync("GET /1.0/profiles/web", "{\"name\":\"web\",\"description\":\"\",\"config\":{},\"devices\":{},"
                + "\"used_by\":[\"/1.0/instances/c1\"]}", "ETag: p1").sync("PUT /1.0/profiles/web", "{}");

        // When
        int code = lxd.run("profile", "device", "add", "web", "root", "disk", "path=/", "pool=fast");

        // Then only the profile's writable fields are sent
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly("GET /1.0/profiles/web", "PUT /1.0/profiles/web");
        assertThat(lxd.request("PUT /1.0/profiles/web").headers()).containsEntry("if-match", "p1");
        assertThat(lxd.body("PUT /1.0/profiles/web").toString()).isEqualTo("{\"config\":{},\"description\":\"\","
                + "\"devices\":{\"root\":{\"type\":\"disk\",\"path\":\"/\",\"pool\":\"fast\"}}}");
    }
}

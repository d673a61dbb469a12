package dev.berth.cli.command;

import static dev.berth.cli.http.FakeUnixServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class ProfileCommandTest {
    static final String WEB = "{\"name\":\"web\",\"description\":\"Web servers\",\"config\":{\"limits.cpu\":\"2\"},"
            + "\"devices\":{\"eth0\":{\"name\":\"eth0\",\"network\":\"berthbr0\",\"type\":\"nic\"}},"
            + "\"used_by\":[\"/1.0/instances/c1\",\"/1.0/instances/c2\"],\"project\":\"default\"}";

    @TempDir
    Path dir;

    FakeLxd lxd;

    @BeforeEach
    void server() {
        lxd = new FakeLxd(dir).sync("GET /1.0/profiles/web", WEB, "ETag: \"e1\"");
    }

    @AfterEach
    void close() throws Exception {
        lxd.close();
    }

    @Test
    void shouldPostAnEmptyProfileWhenCreating() {
        // Given LXD's synchronous answer
        lxd.sync("POST /1.0/profiles", "{}", "Location: /1.0/profiles/db");

        // When
        int code = lxd.run("profile", "create", "db");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.out()).isEqualTo("Profile db created" + System.lineSeparator());
        assertThat(lxd.wire()).containsExactly("POST /1.0/profiles");
        assertThat(lxd.body("POST /1.0/profiles").toString())
                .isEqualTo("{\"name\":\"db\",\"description\":\"\",\"config\":{},\"devices\":{}}");
    }

    @Test
    void shouldPutTheWritableFieldsWithIfMatchWhenSettingAProfileKey() {
        // Given
        lxd.sync("PUT /1.0/profiles/web", "{}");

        // When
        int code = lxd.run("profile", "set", "web", "limits.memory=1GiB", "security.nesting=true");

        // Then
        assertThat(code).isZero();
        assertThat(lxd.wire()).containsExactly("GET /1.0/profiles/web", "PUT /1.0/profiles/web");
        assertThat(lxd.request("PUT /1.0/profiles/web").headers()).containsEntry("if-match", "\"e1\"");
        JsonNode body = lxd.body("PUT /1.0/profiles/web");
        assertThat(body.fieldNames()).toIterable().containsExactly("config", "description", "devices");
        assertThat(body.path("config").toString())
                .isEqualTo("{\"limits.cpu\":\"2\",\"limits.memory\":\"1GiB\",\"security.nesting\":\"true\"}");
        assertThat(body.path("devices").path("eth0").path("network").asText()).isEqualTo("berthbr0");
        assertThat(body.path("description").asText()).isEqualTo("Web servers");
    }

    @Test
    void shouldDropTheKeyWhenUnsettingAProfileKey() {
        lxd.sync("PUT /1.0/profiles/web", "{}");
        assertThat(lxd.run("profile", "unset", "web", "limits.cpu")).isZero();
        assertThat(lxd.body("PUT /1.0/profiles/web").path("config").size()).isZero();
    }

    @Test
    void shouldReportAStaleETagWhenTheProfilePutAnswers412() {
        lxd.error("PUT /1.0/profiles/web", 412, "ETag doesn't match: e1 vs e2");
        int code = lxd.run("profile", "set", "web", "limits.cpu", "4");
        assertThat(code).isEqualTo(1);
        assertThat(lxd.err()).startsWith("Error: Profile web was changed by someone else since it was read");
    }

    @Test
    void shouldPutExactlyTheGivenProfilesInOrderWhenAssigning() {
        // Given
        lxd.sync(ConfigCommandTest.GET, sample("instance_c1_metadata"), ConfigCommandTest.ETAG)
                .async(ConfigCommandTest.PUT);

        // When
        int code = lxd.run("profile", "assign", "c1", "web,default,db");

        // Then the instance's whole writable body goes back with the new list
        assertThat(code).isZero();
        assertThat(lxd.out()).isEqualTo("Profiles web,default,db applied to c1" + System.lineSeparator());
        assertThat(lxd.wire()).containsExactly(ConfigCommandTest.GET, ConfigCommandTest.PUT,
                "GET /1.0/operations/op1/wait?timeout=60");
        assertThat(lxd.request(ConfigCommandTest.PUT).headers()).containsEntry("if-match", "\"7d1b2c\"");
        JsonNode body = lxd.body(ConfigCommandTest.PUT);
        assertThat(body.path("profiles")).extracting(JsonNode::asText).containsExactly("web", "default", "db");
        assertThat(body.path("config").path("volatile.uuid").isTextual()).isTrue();
        assertThat(body.path("devices").has("data")).isTrue();

        // and '' assigns none
        assertThat(lxd.run("profile", "assign", "c1", "")).isZero();
        assertThat(lxd.out()).isEqualTo("Profiles (none) applied to c1" + System.lineSeparator());
    }

    @Test
    void shouldAppendOrDropOneProfileWhenAddingOrRemoving() {
        lxd.sync(ConfigCommandTest.GET, sample("instance_c1_metadata"), ConfigCommandTest.ETAG)
                .async(ConfigCommandTest.PUT);

        assertThat(lxd.run("profile", "add", "c1", "db")).isZero();
        assertThat(lxd.body(ConfigCommandTest.PUT).path("profiles")).extracting(JsonNode::asText)
                .containsExactly("default", "web", "db");

        assertThat(lxd.run("profile", "remove", "c1", "default")).isZero();
        assertThat(lxd.out()).isEqualTo("Profile default removed from c1" + System.lineSeparator());

        assertThat(lxd.run("profile", "remove", "c1", "db")).isEqualTo(1);
        assertThat(lxd.err()).isEqualTo("Error: Profile db isn't currently applied to c1" + System.lineSeparator());
    }

    @Test
    void shouldListNameDescriptionAndUsersWhenListing() {
        lxd.sync("GET /1.0/profiles?recursion=1", "[" + WEB + ",{\"name\":\"default\",\"description\":"
                + "\"Default Berth profile\",\"config\":{},\"devices\":{},\"used_by\":[]}]");
        assertThat(lxd.run("profile", "list")).isZero();
        String[] lines = lxd.out().split("\n");
        assertThat(lines[1]).matches("\\|\\s+NAME\\s+\\|\\s+DESCRIPTION\\s+\\|\\s+USED BY\\s+\\|");
        assertThat(lines[3]).matches("\\| default \\| Default Berth profile \\| 0 +\\|");
        assertThat(lines[4]).matches("\\| web +\\| Web servers +\\| 2 +\\|");
    }

    @Test
    void shouldPostTheNewNameWhenRenamingAndTheSourceFieldsWhenCopying() {
        lxd.sync("POST /1.0/profiles/web", "{}").sync("POST /1.0/profiles", "{}");

        assertThat(lxd.run("profile", "rename", "web", "www")).isZero();
        assertThat(lxd.body("POST /1.0/profiles/web").toString()).isEqualTo("{\"name\":\"www\"}");
        assertThat(lxd.out()).isEqualTo("Profile web renamed to www" + System.lineSeparator());

        assertThat(lxd.run("profile", "copy", "web", "web2")).isZero();
        JsonNode copy = lxd.body("POST /1.0/profiles");
        assertThat(copy.path("name").asText()).isEqualTo("web2");
        assertThat(copy.path("config").toString()).isEqualTo("{\"limits.cpu\":\"2\"}");
        assertThat(copy.path("devices").path("eth0").path("type").asText()).isEqualTo("nic");
        assertThat(copy.has("used_by")).isFalse();
    }

    @Test
    void shouldShowTheProfileAsYamlAndDeleteIt() {
        lxd.sync("DELETE /1.0/profiles/web", "{}");
        assertThat(lxd.run("profile", "show", "web")).isZero();
        assertThat(lxd.out()).startsWith("name: web\ndescription: Web servers\nconfig:\n  limits.cpu: \"2\"\n");
        assertThat(lxd.run("profile", "delete", "web")).isZero();
        assertThat(lxd.out()).isEqualTo("Profile web deleted" + System.lineSeparator());
    }
}

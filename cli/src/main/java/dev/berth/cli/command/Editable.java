package dev.berth.cli.command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;
import dev.berth.contracts.lxd.Operation;

/**
 * The writable fields of an instance or a profile, read with their ETag so that writing them back with
 * {@code If-Match} fails instead of overwriting someone else's change, as {@code lxc config set} does.
 */
final class Editable {
    /** What is edited: where it lives and which of its fields a {@code PUT} replaces (LXD's {@code *Put} types). */
    enum Kind {
        INSTANCE("Instance", "/1.0/instances/",
                List.of("architecture", "config", "devices", "ephemeral", "profiles", "stateful", "description")),
        PROFILE("Profile", "/1.0/profiles/", List.of("config", "description", "devices"));

        private final String label;
        private final String prefix;
        private final List<String> writable;

        Kind(String label, String prefix, List<String> writable) {
            this.label = label;
            this.prefix = prefix;
            this.writable = writable;
        }
    }

    private final Kind kind;
    private final String name;
    private final ObjectNode body;
    private final ObjectNode full;
    private final String etag;

    private Editable(Kind kind, String name, ObjectNode body, ObjectNode full, String etag) {
        this.kind = kind;
        this.name = name;
        this.body = body;
        this.full = full;
        this.etag = etag;
    }

    /** {@code GET} the instance or profile; keeps its writable fields as they came, volatile keys included. */
    static Editable read(LxdClient client, Kind kind, String name) {
        LxdClient.Tagged got = client.getTagged(kind.prefix + LxdClient.segment(name));
        ObjectNode full = got.metadata() instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        for (String field : kind.writable) {
            JsonNode value = full.get(field);
            if (value != null && !value.isNull()) {
                body.set(field, value.deepCopy());
            } else if (field.equals("config") || field.equals("devices")) {
                body.putObject(field);
            }
        }
        return new Editable(kind, name, body, full, got.etag());
    }

    String name() {
        return name;
    }

    /** The {@code PUT} body: the writable fields, changed in place by the commands. */
    ObjectNode body() {
        return body;
    }

    ObjectNode config() {
        return (ObjectNode) body.get("config");
    }

    ObjectNode devices() {
        return (ObjectNode) body.get("devices");
    }

    /** The profile names, created empty if the server sent none. */
    ArrayNode profiles() {
        return body.get("profiles") instanceof ArrayNode a ? a : body.putArray("profiles");
    }

    /** A field of the whole {@code GET} answer, writable or not ({@code expanded_devices}, {@code used_by}). */
    JsonNode field(String field) {
        return full.path(field);
    }

    /** The writable fields with config keys and devices sorted, as {@code lxc config show} prints them. */
    ObjectNode sorted() {
        ObjectNode out = body.deepCopy();
        for (String field : List.of("config", "devices")) {
            if (out.get(field) instanceof ObjectNode o) {
                Map<String, JsonNode> byName = new TreeMap<>();
                o.properties().forEach(e -> byName.put(e.getKey(), e.getValue()));
                o.removeAll();
                byName.forEach(o::set);
            }
        }
        return out;
    }

    /**
     * {@code PUT} the body back with {@code If-Match} and wait for the update (an instance's is an operation, a
     * profile's is answered at once). A 412 means the object changed since it was read.
     */
    void write(LxdClient client, PrintWriter err) {
        Map<String, String> headers = etag.isEmpty() ? Map.of() : Map.of("If-Match", etag);
        Operation op;
        try {
            op = client.async("PUT", kind.prefix + LxdClient.segment(name), body, headers);
        } catch (LxdException e) {
            if (e.errorCode() == 412) {
                throw new LxdException(412, kind.label + " " + name + " was changed by someone else since it was"
                        + " read (" + e.getMessage() + "); nothing was changed, run the command again", null);
            }
            throw e;
        }
        Waiter.await(client, op, err, "Updating " + name);
    }
}

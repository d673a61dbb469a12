package dev.berth.contracts.lxd;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Body of {@code POST /1.0/instances/{name}/exec} ({@code api.InstanceExecPost}); pylxd sends {@code null} for
 * {@code user}, {@code group} and {@code cwd}, which mean root and the default directory.
 */
public record InstanceExecPost(List<String> command, Map<String, String> environment,
        @JsonProperty("wait-for-websocket") Boolean waitForWebsocket, Boolean interactive, Integer width,
        Integer height, @JsonProperty("record-output") Boolean recordOutput, Integer user, Integer group,
        String cwd) {
}

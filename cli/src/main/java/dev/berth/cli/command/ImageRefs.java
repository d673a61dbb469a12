package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.cli.http.LxdClient;
import dev.berth.cli.http.LxdException;

/** Turns what a user typed (an alias or a fingerprint prefix) into a full fingerprint, alias first as incus does. */
final class ImageRefs {
    private ImageRefs() {
    }

    static String fingerprint(LxdClient client, String ref) {
        try {
            return client.sync("GET", "/1.0/images/aliases/" + LxdClient.segment(ref), null).path("target").asText();
        } catch (LxdException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        JsonNode image = client.sync("GET", "/1.0/images/" + LxdClient.segment(ref), null);
        return image.path("fingerprint").asText();
    }
}

package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.ImageImporter;
import dev.berth.image.service.ImageImporter.Imported;
import dev.berth.image.service.UploadRequest;
import dev.berth.image.streams.ImagePuller;
import dev.berth.image.streams.ImagePuller.Placement;
import dev.berth.image.streams.ImagePuller.Pull;

/** Dispatches {@code POST /1.0/images} on its content type: raw unified tarball, multipart split image, or JSON. */
@ApplicationScoped
class Uploads {
    /** A refused upload is drained up to this much so the client reads the error instead of a reset. */
    private static final long DRAIN_LIMIT = 64L << 20;
    private static final int MAX_JSON = 1 << 20;

    @Inject
    ImageImporter importer;
    @Inject
    ImagePuller puller;

    Imported accept(InputStream body, HttpHeaders headers) throws IOException {
        String type = String.valueOf(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("application/json")) {
                return copy(json(body), headers.getHeaderString(UploadHeaders.OPERATION));
            }
            UploadRequest request = UploadHeaders.read(headers);
            if (type.startsWith("multipart/form-data")) {
                String boundary = MultipartReader.boundary(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
                return importer.importSplit(new MultipartReader(body, boundary), request);
            }
            return importer.importUnified(body, request);
        } catch (RuntimeException | IOException e) {
            drain(body);
            throw e;
        }
    }

    private static JsonNode json(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_JSON);
        try {
            JsonNode request = Json.MAPPER.readTree(bytes);
            if (request == null || !request.isObject()) {
                throw new InvalidRequestException("Invalid JSON: expected an object");
            }
            return request;
        } catch (IOException e) {
            throw new InvalidRequestException("Invalid JSON: " + e.getMessage(), e);
        }
    }

    /**
     * {@code incus image copy REMOTE:IMAGE local:}: a JSON body with {@code source.type: image} and
     * {@code mode: pull} has this server fetch the image from a simplestreams {@code source.server}, trusting
     * {@code source.certificate} when given. Publishing and building (the other source types) go through the gateway.
     */
    private Imported copy(JsonNode request, String operationId) throws IOException {
        JsonNode source = request.path("source");
        String type = source.path("type").asText("");
        if (type.isEmpty()) {
            throw new InvalidRequestException("source.type is required for a JSON image request");
        }
        if (!type.equals("image")) {
            throw new InvalidRequestException("Unsupported source.type \"" + type
                    + "\": image-service only takes uploads and image copies (publishing goes through the API gateway)");
        }
        String mode = source.path("mode").asText("pull");
        if (!mode.isEmpty() && !mode.equals("pull")) {
            throw new InvalidRequestException("Unsupported source.mode \"" + mode + "\": only \"pull\" is supported");
        }
        if (source.path("server").asText("").isBlank()) {
            throw new InvalidRequestException("source.server is required to copy an image");
        }
        if (request.path("auto_update").asBoolean(false)) {
            throw new InvalidRequestException("Invalid auto_update: automatic image updates are not supported");
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode alias : request.path("aliases")) {
            String name = alias.path("name").asText("");
            if (name.isBlank()) {
                throw new InvalidRequestException("Invalid aliases: every alias needs a name");
            }
            aliases.add(name);
        }
        Image image = puller.pull(
                new Pull(source.path("server").asText(), source.path("protocol").asText(""),
                        text(source, "alias"), text(source, "fingerprint"), text(source, "certificate")),
                new Placement(request.path("public").asBoolean(false), aliases, operationId));
        return new Imported(image.fingerprint(), image.size());
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isEmpty() ? null : value;
    }

    private static void drain(InputStream body) {
        try {
            long left = DRAIN_LIMIT;
            byte[] buffer = new byte[1 << 16];
            for (int n; left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0;) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing to drain
        }
    }
}

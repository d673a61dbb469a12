package dev.berth.image.rest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;

import com.fasterxml.jackson.databind.JsonNode;

import dev.berth.contracts.Json;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.ImageImporter;
import dev.berth.image.service.ImageImporter.Imported;
import dev.berth.image.service.UploadRequest;

/** Dispatches {@code POST /1.0/images} on its content type: raw unified tarball, multipart split image, or JSON. */
@ApplicationScoped
class Uploads {
    /** A refused upload is drained up to this much so the client reads the error instead of a reset. */
    private static final long DRAIN_LIMIT = 64L << 20;
    private static final int MAX_JSON = 1 << 20;

    @Inject
    ImageImporter importer;

    Imported accept(InputStream body, HttpHeaders headers) throws IOException {
        String type = String.valueOf(headers.getHeaderString(HttpHeaders.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("application/json")) {
                throw json(body);
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

    /** JSON bodies create images from a source: publish goes through the gateway, the rest is not supported yet. */
    private static InvalidRequestException json(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_JSON);
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            return new InvalidRequestException("Invalid JSON: " + e.getMessage(), e);
        }
        String source = request == null ? "" : request.path("source").path("type").asText("");
        if (source.isEmpty()) {
            return new InvalidRequestException("source.type is required for a JSON image request");
        }
        return new InvalidRequestException("Unsupported source.type \"" + source
                + "\": image-service only takes uploaded files (publishing goes through the API gateway)");
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

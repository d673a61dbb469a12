package dev.berth.image.rest;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.berth.image.domain.ImageNotFoundException;
import dev.berth.image.service.ImageCatalog;
import dev.berth.image.streams.Simplestreams.Index;
import dev.berth.image.streams.Simplestreams.Products;
import dev.berth.image.streams.StreamsPublisher;
import dev.berth.image.streams.StreamsPublisher.File;

/**
 * The public images as a simplestreams image server ({@code incus remote add x URL --protocol simplestreams}):
 * {@code streams/v1/index.json}, {@code streams/v1/images.json} and the files their items name.
 */
@Path("/")
public class StreamsResource {

    @Inject
    StreamsPublisher publisher;
    @Inject
    ImageCatalog catalog;

    @GET
    @Path("/streams/v1/index.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Index index() throws IOException {
        return publisher.index();
    }

    @GET
    @Path("/streams/v1/images.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Products images() throws IOException {
        return publisher.products();
    }

    @GET
    @Path("/images/{fingerprint}/{file}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response file(@PathParam("fingerprint") String fingerprint, @PathParam("file") String name)
            throws IOException {
        File file = publisher.file(fingerprint, name)
                .orElseThrow(() -> new ImageNotFoundException("Image file not found"));
        return Response.ok(ImageExport.copy(catalog, file.blob()), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, file.blob().size())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }
}

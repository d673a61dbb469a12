package dev.berth.image.rest;

import java.io.IOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.berth.image.config.BerthConfig;
import dev.berth.image.domain.Image;
import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.streams.ImagePuller;
import dev.berth.image.streams.ImagePuller.Pull;

/**
 * {@code POST /internal/images/pull {server, protocol, alias | fingerprint}}: caches an image from a simplestreams
 * server (unless it is here already) and answers like {@code /internal/images/resolve}.
 */
@Path("/internal/images/pull")
public class InternalPullResource {

    @Inject
    ImagePuller puller;
    @Inject
    BerthConfig config;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ResolvedImage pull(Pull pull) throws IOException {
        if (pull == null) {
            throw new InvalidRequestException("Missing request body");
        }
        Image image = puller.pull(pull);
        String base = config.imageService().url().replaceAll("/+$", "") + "/internal/images/" + image.fingerprint();
        return new ResolvedImage(image.fingerprint(), base + "/blob", image.split() ? base + "/rootfs" : null,
                image.size(), image.properties());
    }
}

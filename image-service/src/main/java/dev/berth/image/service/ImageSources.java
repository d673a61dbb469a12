package dev.berth.image.service;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.berth.image.domain.ImageSource;
import dev.berth.image.repository.ImageSourceRepository;
import dev.berth.support.jdbc.Tx;

/** Where cached images were pulled from: what makes LXD show {@code cached: true} and an {@code update_source}. */
@ApplicationScoped
public class ImageSources {
    @Inject
    Tx tx;
    @Inject
    ImageSourceRepository sources;

    public Optional<ImageSource> of(String fingerprint) {
        return tx.run(c -> sources.find(c, fingerprint));
    }

    /** Every recorded source, by fingerprint. */
    public Map<String, ImageSource> all() {
        return tx.run(c -> sources.findAll(c)).stream()
                .collect(Collectors.toMap(ImageSource::fingerprint, Function.identity()));
    }
}

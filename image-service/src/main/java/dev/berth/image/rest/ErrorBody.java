package dev.berth.image.rest;

/** The JSON body of every error answer of the internal API. */
public record ErrorBody(String error) {
}

package dev.berth.image.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.berth.image.domain.InvalidRequestException;
import dev.berth.image.service.UploadPart;

class MultipartReaderTest {

    @Test
    void shouldSplitPartsExactlyWhenDataLooksAlmostLikeTheBoundary() throws IOException {
        // Given: binary data, plus near-misses of the delimiter, read through a stream that returns 1-7 bytes a time
        byte[] first = new byte[200_000];
        new Random(7).nextBytes(first);
        byte[] second = "x\r\n--bound\r\n--boun\r\n--boundar".getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat("preamble\r\n--boundary\r\nContent-Disposition: form-data; name=\"metadata\";"
                + " filename=\"m \\\"q\\\".tar\"\r\n\r\n", first,
                "\r\n--boundary  \r\nContent-Disposition:"
                        + " form-data; name=rootfs\r\nContent-Type: application/octet-stream\r\n\r\n",
                second, "\r\n--boundary--\r\nepilogue");

        // When
        MultipartReader reader = new MultipartReader(trickle(body), "boundary");
        UploadPart metadata = reader.next();
        byte[] metadataBytes = metadata.body().readAllBytes();
        UploadPart rootfs = reader.next();
        byte[] rootfsBytes = rootfs.body().readAllBytes();

        // Then
        assertThat(metadata.name()).isEqualTo("metadata");
        assertThat(metadata.filename()).isEqualTo("m \"q\".tar");
        assertThat(metadataBytes).isEqualTo(first);
        assertThat(rootfs.name()).isEqualTo("rootfs");
        assertThat(rootfsBytes).isEqualTo(second);
        assertThat(reader.next()).isNull();
    }

    @Test
    void shouldRefuseWhenTheBodyEndsBeforeTheClosingBoundary() throws IOException {
        // Given
        byte[] body = concat("--b\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\nabc");
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), "b");

        // When
        UploadPart part = reader.next();

        // Then
        assertThatThrownBy(() -> part.body().readAllBytes()).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("closing boundary");
    }

    @Test
    void shouldReadTheBoundaryWhenItIsQuoted() {
        assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
        assertThat(MultipartReader.boundary("multipart/form-data;boundary=xyz; charset=utf-8")).isEqualTo("xyz");
    }

    private static byte[] concat(Object... pieces) {
        var out = new java.io.ByteArrayOutputStream();
        for (Object p : pieces) {
            byte[] b = p instanceof byte[] bytes ? bytes : ((String) p).getBytes(StandardCharsets.ISO_8859_1);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    /** Returns at most a few bytes per read, to exercise every buffer edge. */
    private static InputStream trickle(byte[] data) {
        Random random = new Random(1);
        return new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }
}

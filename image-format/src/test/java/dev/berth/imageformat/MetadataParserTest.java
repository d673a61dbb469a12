package dev.berth.imageformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MetadataParserTest {

    @Test
    void shouldParseTemplatesAndExpiryWhenPresent() throws ImageFormatException {
        // Given
        String yaml = """
                architecture: x86_64
                creation_date: 1700000000
                expiry_date: 1800000000
                properties:
                  os: debian
                  release: 12
                templates:
                  /etc/hostname:
                    when: [create, copy]
                    template: hostname.tpl
                    create_only: true
                    properties:
                      default: berth
                """;

        // When
        ImageMetadata m = MetadataParser.parse(yaml.getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(m.expiryDate()).isEqualTo(1_800_000_000L);
        assertThat(m.properties()).containsEntry("release", "12");
        ImageMetadata.Template t = m.templates().get("/etc/hostname");
        assertThat(t.when()).containsExactly("create", "copy");
        assertThat(t.template()).isEqualTo("hostname.tpl");
        assertThat(t.createOnly()).isTrue();
        assertThat(t.properties()).containsEntry("default", "berth");
    }

    @Test
    void shouldNameTheFieldWhenATemplateIsInvalid() {
        assertThatThrownBy(() -> parse("templates:\n  /etc/hosts:\n    when: [boot]\n    template: h.tpl\n"))
                .hasMessageContaining("templates./etc/hosts.when has an unknown trigger");
        assertThatThrownBy(() -> parse("templates:\n  /etc/hosts:\n    when: [start]\n    template: ../x\n"))
                .hasMessageContaining("contains '..'");
        assertThatThrownBy(() -> parse("properties:\n  os: [a, b]\n"))
                .hasMessageContaining("properties.os must be a string");
        assertThatThrownBy(() -> parse("expiry_date: -5\n")).hasMessageContaining("expiry_date");
    }

    @Test
    void shouldRefuseWhenTheDocumentIsNotAMapping() {
        assertThatThrownBy(() -> MetadataParser.parse("- a\n- b\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImageFormatException.class).hasMessageContaining("not a YAML mapping");
    }

    private static ImageMetadata parse(String extra) throws ImageFormatException {
        return MetadataParser.parse(("architecture: x86_64\ncreation_date: 1700000000\n" + extra)
                .getBytes(StandardCharsets.UTF_8));
    }
}

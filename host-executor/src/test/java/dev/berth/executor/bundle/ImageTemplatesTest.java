package dev.berth.executor.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTemplatesTest {
    @TempDir
    Path tmp;

    @Test
    void shouldRenderCreateTemplatesIntoTheUpperLayerWhenAnInstanceIsCreated() throws Exception {
        // Given an image with a hostname template for create and a hosts template for copy only
        Path image = Files.createDirectories(tmp.resolve("image/templates"));
        Files.writeString(tmp.resolve("image/metadata.yaml"), "architecture: x86_64\ntemplates:\n"
                + "  /etc/hostname:\n    when: [create, copy]\n    template: hostname.tpl\n"
                + "  /etc/hosts:\n    when: [copy]\n    template: hosts.tpl\n"
                + "  /../../escape:\n    when: [create]\n    template: hostname.tpl\n");
        Files.writeString(image.resolve("hostname.tpl"), "{{ instance.name }}\n");
        Files.writeString(image.resolve("hosts.tpl"), "127.0.1.1 {{container.name}}\n");
        Path upper = Files.createDirectories(tmp.resolve("upper"));

        // When the create templates are applied for instance web1
        ImageTemplates.apply(tmp.resolve("image"), upper, "web1", "create");

        // Then only /etc/hostname is written, with the name, and nothing escapes the layer
        assertThat(upper.resolve("etc/hostname")).hasContent("web1");
        assertThat(upper.resolve("etc/hosts")).doesNotExist();
        assertThat(tmp.resolve("escape")).doesNotExist();
        assertThat(ImageTemplates.render("127.0.1.1 {{container.name}}", "db")).isEqualTo("127.0.1.1 db");
    }
}

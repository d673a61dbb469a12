package dev.berth.executor.storage.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VolumeNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"c1", "web-01", "a.b", "snap_0", "x", "UPPER",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"})
    void shouldAcceptTheNameWhenItIsLxdLike(String name) {
        // When / Then
        assertThat(VolumeNames.volume(name)).isEqualTo(name);
        assertThat(VolumeNames.snapshot(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a/b", "/abs", "..", "a..b", ".", ".hidden", "sp ace", "tab\tbed", "nl\n",
            "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklabcdefghijklmnopqrstuvwxyzabcdefghijklmn"
                    + "opqrstuvwxyzabcdefghijkl"})
    void shouldAnswer400WhenTheNameCouldEscapeOrIsTooLong(String name) {
        // When / Then
        assertThatThrownBy(() -> VolumeNames.volume(name)).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessageStartingWith("Invalid volume name");
        assertThatThrownBy(() -> VolumeNames.snapshot(name)).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).isEqualTo(400)).hasMessageStartingWith("Invalid snapshot name");
    }

    @Test
    void shouldTakeAContainerIdWhenBothOfItsNamesAreAsLongAsLxdAllows() {
        // Given: <project>_<instance>, each 63 characters
        String id = "p".repeat(63) + "_" + "i".repeat(63);

        // When / Then
        assertThat(VolumeNames.volume(id)).isEqualTo(id);
    }

    @Test
    void shouldNameTheProblemWhenTheNameHasASlash() {
        // When / Then
        assertThatThrownBy(() -> VolumeNames.volume("a/b"))
                .hasMessage("Invalid volume name \"a/b\": must not contain \"/\"");
    }

    @Test
    void shouldTakeAFingerprintAsImageKeyWhenItIs64HexDigits() {
        // Given
        String key = VolumeNames.imageKeyOf(Path.of("/var/lib/berth/images/x/rootfs"));

        // Then
        assertThat(key).hasSize(64).matches("[0-9a-f]+");
        assertThat(VolumeNames.imageKey(key)).isEqualTo(key);
        assertThat(VolumeNames.imageKeyOf(Path.of("/var/lib/berth/images/x/../x/rootfs"))).isEqualTo(key);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"..", ".x", "a/b", "a..b", "sp ace"})
    void shouldAnswer400WhenTheImageKeyIsNotAPlainName(String key) {
        // When / Then
        assertThatThrownBy(() -> VolumeNames.imageKey(key)).isInstanceOfSatisfying(VolumeException.class,
                e -> assertThat(e.code()).isEqualTo(400));
    }
}

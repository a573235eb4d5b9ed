package io.lvmops.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SizeTest {

    @ParameterizedTest
    @CsvSource({
            "1G, 1073741824",
            "1GiB, 1073741824",
            "1g, 1073741824",
            "1.5G, 1610612736",
            "512MiB, 536870912",
            "512M, 536870912",
            "1073741824, 1073741824",
            "4K, 4096",
            "2T, 2199023255552",
            "1P, 1125899906842624",
            "0.1K, 103",           // rounded up to a whole byte, as LVM does
    })
    void parsesBinaryUnits(String text, long bytes) {
        assertThat(Size.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1GB|'1GB': decimal units (GB) are not supported; sizes are binary as in LVM: use G or GiB (1G = 1GiB = 2^30 bytes)",
            "5mb|'5mb': decimal units (mb) are not supported; sizes are binary as in LVM: use M or MiB (1M = 1MiB = 2^20 bytes)",
            "0|size must be greater than zero, got '0'",
            "0G|size must be greater than zero, got '0G'",
            "-1G|size must be greater than zero, got '-1G'",
            "1.5|'1.5': a size in bytes must be a whole number",
            "1Q|'1Q': unknown unit 'Q'; use K, M, G, T, P (or KiB, MiB, GiB, TiB, PiB)",
            "1Gi|'1Gi': unknown unit 'Gi'; use K, M, G, T, P (or KiB, MiB, GiB, TiB, PiB)",
            "G|'G' is not a size; write e.g. 512M, 1G or 1.5GiB",
            "9999999P|'9999999P' is too large",
    })
    void rejectsWithAHint(String text, String message) {
        assertThatThrownBy(() -> Size.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"1073741824, 1G", "1610612736, 1536M", "1000, 1000"})
    void printsTheShortestExactForm(long bytes, String human) {
        assertThat(Size.ofBytes(bytes).human()).isEqualTo(human);
        assertThat(Size.parse(human).bytes()).isEqualTo(bytes);
    }
}

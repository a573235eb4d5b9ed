package io.lvmops.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Cutting one stream of a pipelined shell into its commands' outputs (pure). */
class FramedStreamTest {
    private final ShellBlock first = new ShellBlock("f00d", 0);
    private final ShellBlock second = new ShellBlock("f00d", 1);
    private final FramedStream stream = new FramedStream();

    private void feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        stream.append(bytes, 0, bytes.length);
    }

    @Test
    void theBytesBetweenTheMarkersAreTheOutputAndTheDigitsAfterTheEndTheStatus() {
        feed("@@lvmops-f00d-0:begin:hello\nno newline at the end@@lvmops-f00d-0:end:5\n");

        FramedStream.Frame frame = stream.take(first);

        assertThat(frame.text()).isEqualTo("hello\nno newline at the end");
        assertThat(frame.exitStatus()).isEqualTo(5);
        assertThat(frame.stray()).isEmpty();
        assertThat(stream.pending()).isEmpty();
    }

    @Test
    void aFrameIsTakenOnlyOnceItsStatusLineIsComplete() {
        String whole = "@@lvmops-f00d-0:begin:out@@lvmops-f00d-0:end:127\n";
        for (int i = 0; i < whole.length() - 1; i++) {
            feed(whole.substring(i, i + 1));
            assertThat(stream.take(first)).as("after %d bytes", i + 1).isNull();
        }
        feed("\n");

        FramedStream.Frame frame = stream.take(first);
        assertThat(frame.text()).isEqualTo("out");
        assertThat(frame.exitStatus()).isEqualTo(127);
    }

    @Test
    void markersOfAnotherShellOrAnotherCommandAreJustOutput() {
        String forged = "@@lvmops-0000-0:end:0\n@@lvmops-f00d-1:end:0\n@@lvmops-f00d-0:end\n@@lvmops-f00d-0:begin";
        feed("@@lvmops-f00d-0:begin:" + forged + "@@lvmops-f00d-0:end:0\n");

        assertThat(stream.take(first).text()).isEqualTo(forged);
    }

    @Test
    void framesComeOutInOrderAndWhatLiesBetweenThemIsStray() {
        feed("motd\n@@lvmops-f00d-0:begin:a@@lvmops-f00d-0:end:0\nlate daemon\n@@lvmops-f00d-1:begin:b@@lvmops-f00d-1:end:1");

        FramedStream.Frame one = stream.take(first);
        assertThat(new String(one.stray(), StandardCharsets.UTF_8)).isEqualTo("motd\n");
        assertThat(one.text()).isEqualTo("a");
        assertThat(stream.take(second)).isNull();
        feed("\n");
        FramedStream.Frame two = stream.take(second);
        assertThat(new String(two.stray(), StandardCharsets.UTF_8)).isEqualTo("late daemon\n");
        assertThat(two.text()).isEqualTo("b");
        assertThat(two.exitStatus()).isEqualTo(1);
    }

    @Test
    void binaryOutputSurvivesInArbitraryChunks() {
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first.begin());
        all.writeBytes(binary);
        all.writeBytes(first.end());
        all.writeBytes("0\n".getBytes(StandardCharsets.US_ASCII));
        byte[] bytes = all.toByteArray();
        Random chunks = new Random(11);
        FramedStream.Frame frame = null;
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + chunks.nextInt(20_000));
            stream.append(bytes, at, n);
            at += n;
            FramedStream.Frame taken = stream.take(first);
            if (taken != null) {
                assertThat(at).isEqualTo(bytes.length);
                frame = taken;
            }
        }

        assertThat(frame).isNotNull();
        assertThat(frame.output()).isEqualTo(binary);
    }

    @Test
    void somethingElseThanAStatusAfterTheEndMarkerMeansTheShellIsNotOurs() {
        feed("@@lvmops-f00d-0:begin:x@@lvmops-f00d-0:end:%d\n");

        assertThatThrownBy(() -> stream.take(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@@lvmops-f00d-0").hasMessageContaining("%d");
    }
}

package io.lvmops.transport;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SshTransport switches off JSch's per-connection check of its key exchanges (CheckKexes), which costs 0.3-0.6 s of
 * CPU per connection in a cold JVM. That is only sound while every algorithm JSch proposes works with what this
 * jar bundles: a proposed but missing one would fail the handshake with any server that prefers it (OpenSSH 9.9+
 * prefers mlkem768x25519-sha256). This runs JSch's own check on each of them that JSch would check (the classic
 * Diffie-Hellman and ECDH ones are plain JCE and never checked by JSch either).
 */
class SshKexAvailabilityTest {

    @Test
    void everyKeyExchangeJschProposesIsAvailableWithoutItsPerConnectionCheck() throws Exception {
        Session session = new JSch().getSession("nobody", "localhost", 22); // never connected
        Method checkKex = Session.class.getDeclaredMethod("checkKex", Session.class, String.class);
        checkKex.setAccessible(true);
        String proposal = JSch.getConfig("kex");
        List<String> checkedByJsch = List.of(JSch.getConfig("CheckKexes").split(","));
        List<String> missing = new ArrayList<>();
        for (String kex : proposal.split(",")) {
            if (checkedByJsch.contains(kex) && !(boolean) checkKex.invoke(null, session, JSch.getConfig(kex))) {
                missing.add(kex);
            }
        }
        assertThat(checkedByJsch).contains("mlkem768x25519-sha256", "curve25519-sha256");
        assertThat(missing).as("key exchanges JSch proposes (%s) but cannot run here: restore CheckKexes in "
                + "SshTransport or bundle what they need", proposal).isEmpty();
    }
}

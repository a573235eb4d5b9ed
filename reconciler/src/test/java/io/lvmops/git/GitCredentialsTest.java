package io.lvmops.git;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GitCredentialsTest {
    @TempDir
    Path tmp;

    @Test
    void theOptionsWinOverTheEnvironmentWhichIsTheDefault() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "  from-file\n");
        Path ca = tmp.resolve("ca.pem");
        Map<String, String> env = Map.of(GitCredentials.TOKEN_ENV, "from-env",
                GitCredentials.CA_FILE_ENV, "/etc/ssl/certs/ca-certificates.crt");
        GitCredentials both = GitCredentials.of(null, null, tokenFile, ca, env);
        assertThat(both.token()).isEqualTo("from-file");
        assertThat(both.caFile()).isEqualTo(ca);
        GitCredentials fromEnv = GitCredentials.of(null, null, null, null, env);
        assertThat(fromEnv.token()).isEqualTo("from-env");
        assertThat(fromEnv.caFile()).isEqualTo(Path.of("/etc/ssl/certs/ca-certificates.crt"));
        GitCredentials none = GitCredentials.of(null, null, null, null,
                Map.of(GitCredentials.TOKEN_ENV, " ", GitCredentials.CA_FILE_ENV, ""));
        assertThat(none.token()).isNull();
        assertThat(none.caFile()).isNull();
    }

    @Test
    void theTokenIsNeverInTheTextForm() throws Exception {
        GitCredentials c = GitCredentials.of(null, null, Files.writeString(tmp.resolve("t"), "s3cr3t-token"), null,
                Map.of());
        assertThat(c.toString()).doesNotContain("s3cr3t").contains("token=***");
    }

    @Test
    void anEmptyTokenFileIsNamed() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty"), "\n");
        assertThatThrownBy(() -> GitCredentials.of(null, null, empty, null, Map.of()))
                .isInstanceOf(GitSpecException.class).hasMessage(empty + ": the Git token file is empty");
    }
}

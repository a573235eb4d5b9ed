package io.lvmops.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lvmops.observe.FleetObservation;
import io.lvmops.observe.NodeObservation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 over a canonical JSON form of what the nodes showed, leaving out what changes without the storage changing:
 * the observation time, the tools' warnings and an unreachable node's error text (a timeout message may carry a
 * duration). Two observations of the same state give the same fingerprint, so a saved plan can be checked for
 * staleness.
 */
public final class ObservationFingerprint {
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ObservationFingerprint() {
    }

    public static String of(FleetObservation observation) {
        List<NodeObservation> nodes = observation.nodes().stream().map(ObservationFingerprint::stable).toList();
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(nodes);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the observation: " + e.getMessage(), e);
        }
    }

    private static NodeObservation stable(NodeObservation n) {
        return new NodeObservation(n.node(), n.reachable(), null, n.hostname(), n.lvmVersion(), n.pvs(), n.vgs(),
                n.lvs(), n.iscsiSessions(), n.mounts(), n.devices(), n.dmDevices(), List.of(), n.lvmConfig(),
                n.dmError() == null ? null : "unreadable");
    }
}

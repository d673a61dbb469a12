package dev.berth.contracts.lxd;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /1.0/certificates} ({@code api.CertificatesPost}): a PEM to trust, or {@code token: true} for a trust
 * token, or an untrusted client's own certificate with the token it was given: Incus sends it as
 * {@code trust_token}, LXD 5.0 and pylxd as {@code password}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record CertificatesPost(String name, String type, Boolean restricted, List<String> projects, String certificate,
        String description, Boolean token, String trustToken, String password) {
}

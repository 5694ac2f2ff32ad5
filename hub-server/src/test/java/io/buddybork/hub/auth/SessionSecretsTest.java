package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signed device cookie of {@link SessionSecrets}: who it names, how long it lasts, what breaks it. */
class SessionSecretsTest {

    private static final Duration MAX_AGE = Duration.ofDays(180);
    private final Instant now = Instant.parse("2026-12-06T12:00:00Z");
    private final SessionSecrets secrets = new SessionSecrets("a-session-key-of-some-length-0123456789");

    @Test
    void aDeviceCookieNamesItsUserWhateverTheCaseAndCarriesANonceOfItsOwn() {
        String first = secrets.newDeviceCookieValue("Ann", now);
        String second = secrets.newDeviceCookieValue("ann", now);
        String nonce = secrets.verifiedDeviceNonce("ANN", first, now, MAX_AGE);
        assertThat(nonce).isNotBlank();
        assertThat(secrets.verifiedDeviceNonce("ann", second, now, MAX_AGE))
                .isNotBlank()
                .isNotEqualTo(nonce);
        assertThat(secrets.verifiedDeviceNonce("bob", first, now, MAX_AGE)).isNull();
    }

    @Test
    void aTamperedForeignOrExpiredDeviceCookieIsNotTrusted() {
        String value = secrets.newDeviceCookieValue("ann", now);
        String bobsUser = secrets.newDeviceCookieValue("bob", now).split("\\.")[0];
        String swapped = bobsUser + value.substring(value.indexOf('.'));
        assertThat(secrets.verifiedDeviceNonce("bob", swapped, now, MAX_AGE)).isNull();
        assertThat(secrets.verifiedDeviceNonce("ann", value + "x", now, MAX_AGE))
                .isNull();
        assertThat(secrets.verifiedDeviceNonce("ann", "garbage", now, MAX_AGE)).isNull();
        assertThat(secrets.verifiedDeviceNonce("ann", "", now, MAX_AGE)).isNull();
        assertThat(new SessionSecrets("another-key-of-some-length-0123456789")
                        .verifiedDeviceNonce("ann", value, now, MAX_AGE))
                .isNull();
        assertThat(secrets.verifiedDeviceNonce("ann", value, now.plus(MAX_AGE), MAX_AGE))
                .isNull();
        assertThat(secrets.verifiedDeviceNonce("ann", value, now.plus(MAX_AGE).minusSeconds(1), MAX_AGE))
                .isNotNull();
    }
}

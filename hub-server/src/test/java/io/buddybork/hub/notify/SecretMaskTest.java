package io.buddybork.hub.notify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URLs are shown with their secrets (path, query values, user info) masked. */
class SecretMaskTest {

    @Test
    void anNtfyTopicIsMaskedAfterItsFirstCharacters() {
        assertThat(SecretMask.url("https://ntfy.sh/my-secret-topic")).isEqualTo("https://ntfy.sh/my-****");
    }

    @Test
    void queryValuesUserInfoAndPortAreHandled() {
        assertThat(SecretMask.url("http://user:pw@hooks.example:8080/a/b?token=xyz&plain"))
                .isEqualTo("http://****@hooks.example:8080/****?token=****&****");
    }

    @Test
    void shortPathsAndBrokerUrlsStayReadable() {
        assertThat(SecretMask.url("tcp://127.0.0.1:1883")).isEqualTo("tcp://127.0.0.1:1883");
        assertThat(SecretMask.url("https://example.org/")).isEqualTo("https://example.org/");
    }

    @Test
    void whatDoesNotParseIsMaskedWhole() {
        assertThat(SecretMask.url("not a url")).isEqualTo("****");
        assertThat(SecretMask.url(null)).isNull();
    }
}

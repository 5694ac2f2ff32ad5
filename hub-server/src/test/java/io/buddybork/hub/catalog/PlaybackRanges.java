package io.buddybork.hub.catalog;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Arrays;

/** What playback of a stored segment answers to {@code Range} requests, whichever store holds it. */
public final class PlaybackRanges {
    private PlaybackRanges() {}

    /** Checks 200/206/416 and their headers for segment {@code rawId}, whose stored bytes are {@code wav}. */
    public static void assertServedInRanges(long rawId, byte[] wav) {
        String url = "/api/v1/raw/" + rawId + "/audio";
        int n = wav.length;

        byte[] whole = asAdmin()
                .get(url)
                .then()
                .statusCode(200)
                .header("Accept-Ranges", "bytes")
                .extract()
                .asByteArray();
        assertThat(whole).isEqualTo(wav);

        byte[] head = asAdmin()
                .header("Range", "bytes=0-43")
                .get(url)
                .then()
                .statusCode(206)
                .contentType("audio/wav")
                .header("Content-Range", "bytes 0-43/" + n)
                .header("Content-Length", "44")
                .header("Accept-Ranges", "bytes")
                .extract()
                .asByteArray();
        assertThat(head).isEqualTo(Arrays.copyOfRange(wav, 0, 44));

        byte[] middle = asAdmin()
                .header("Range", "bytes=100-")
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes 100-" + (n - 1) + "/" + n)
                .extract()
                .asByteArray();
        assertThat(middle).isEqualTo(Arrays.copyOfRange(wav, 100, n));

        byte[] tail = asAdmin()
                .header("Range", "bytes=-10")
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes " + (n - 10) + "-" + (n - 1) + "/" + n)
                .extract()
                .asByteArray();
        assertThat(tail).isEqualTo(Arrays.copyOfRange(wav, n - 10, n));

        byte[] clipped = asAdmin()
                .header("Range", "bytes=" + (n - 3) + "-" + (n + 1000))
                .get(url)
                .then()
                .statusCode(206)
                .header("Content-Range", "bytes " + (n - 3) + "-" + (n - 1) + "/" + n)
                .extract()
                .asByteArray();
        assertThat(clipped).isEqualTo(Arrays.copyOfRange(wav, n - 3, n));

        asAdmin()
                .header("Range", "bytes=" + n + "-")
                .get(url)
                .then()
                .statusCode(416)
                .contentType("application/problem+json")
                .header("Content-Range", "bytes */" + n)
                .body("code", equalTo("range-not-satisfiable"));

        // several ranges, another unit, nonsense, or an If-Range: the whole object
        for (String ignored : new String[] {"bytes=0-1,5-6", "items=0-1", "bytes=5-2", "bytes=x-"}) {
            assertThat(asAdmin()
                            .header("Range", ignored)
                            .get(url)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asByteArray())
                    .as(ignored)
                    .isEqualTo(wav);
        }
        assertThat(asAdmin()
                        .header("Range", "bytes=0-9")
                        .header("If-Range", "\"some-etag\"")
                        .get(url)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEqualTo(wav);
    }
}

package io.buddybork.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The running hub encrypts sessions with the key kept in its own database, where any other hub finds it. */
@QuarkusTest
class SessionKeyFromDatabaseTest {

    @ConfigProperty(name = SessionKeyConfigSourceFactory.KEY_PROPERTY)
    String key;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSessionKeyInUseIsTheOneInTheHubsDatabase() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select value from " + SessionKeyStore.SCHEMA + ".hub_secret where name = 'session-key'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(key);
            assertThat(rs.next()).isFalse();
        }
    }
}

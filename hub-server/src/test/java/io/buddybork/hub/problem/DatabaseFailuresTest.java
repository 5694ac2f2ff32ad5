package io.buddybork.hub.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A pool that gives no connection in time counts as an unreachable database (503, not 500). */
class DatabaseFailuresTest {

    @Test
    void agroalsAcquisitionTimeoutIsAConnectionFailure() throws SQLException {
        AgroalDataSourceConfigurationSupplier config = new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(1)
                        .acquisitionTimeout(Duration.ofSeconds(3))
                        .connectionFactoryConfiguration(
                                factory -> factory.jdbcUrl("jdbc:postgresql://localhost:5432/postgres")
                                        .principal(new NamePrincipal("postgres"))));
        try (AgroalDataSource pool = AgroalDataSource.from(config);
                Connection only = pool.getConnection()) {
            // the single connection is taken: the next request waits out the acquisition timeout (long
            // enough for the first connection to be made on a loaded machine)
            SQLException timeout = catchThrowableOfType(SQLException.class, pool::getConnection);
            assertThat((Throwable) timeout)
                    .as("Agroal no longer throws an SQLException on acquisition timeout")
                    .isNotNull();
            assertThat(DatabaseFailures.isConnectionFailure(timeout))
                    .as(
                            "Agroal no longer raises its acquisition timeout in %s (checked against Agroal 3.0.1 /"
                                    + " Quarkus 3.33.2): %s",
                            DatabaseFailures.AGROAL_POOL, timeout.getStackTrace()[0])
                    .isTrue();
        }
    }

    @Test
    void aMessageThatMerelyReadsLikeATimeoutIsNotAConnectionFailure() {
        // what a statement, a driver or the hub's own code may say: only the pool's refusal counts
        assertThat(DatabaseFailures.isConnectionFailure(new SQLException("Sorry, acquisition timeout!")))
                .isFalse();
        assertThat(DatabaseFailures.isConnectionFailure(
                        new SQLException("duplicate key value violates unique constraint", "23505")))
                .isFalse();
    }

    @Test
    void connectionSqlStatesAreConnectionFailures() {
        assertThat(DatabaseFailures.isConnectionFailure(new SQLException("refused", "08001")))
                .isTrue();
        assertThat(DatabaseFailures.isConnectionFailure(
                        new RuntimeException(new SQLException("the database system is shutting down", "57P03"))))
                .isTrue();
    }
}

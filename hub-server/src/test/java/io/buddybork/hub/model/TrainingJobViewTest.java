package io.buddybork.hub.model;

import static io.buddybork.hub.testing.HubApi.asAdmin;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.testing.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A stored training job shows {@code modelId} null when it made no model, never 0. */
@QuarkusTest
class TrainingJobViewTest {
    @Inject
    AgroalDataSource ds;

    @Test
    void aFailedJobHasNoModelIdRatherThanZero() {
        long id = Db.queryLong(
                ds,
                "insert into model_job (state, stage, error, request, created_by, finished)"
                        + " values ('failed', 'failed', 'no segments', cast('{\"name\":\"view-test\"}' as jsonb),"
                        + " 'admin', now()) returning id");
        asAdmin()
                .get("/api/v1/models/jobs/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("failed"))
                .body("finished", org.hamcrest.Matchers.notNullValue())
                .body("modelId", nullValue());
    }
}

package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;

/**
 * What a test creates is deleted when it ends, also when it fails, against the in-process servers and
 * against an external endpoint alike. Each case runs a small test class through its own launcher and
 * then looks at the servers from outside.
 */
@LocalAws
class CreatedResourcesTest {
    // Filled by the classes run through the launcher (surefire leaves nested non-@Nested classes alone).
    static volatile String bucket;
    static volatile String versionedBucket;
    static volatile String table;
    static volatile String ownClientTable;
    static volatile String registeredBucket;
    static volatile String foreignBucket;
    static volatile String foreignTable;
    static volatile String classBucket;
    static volatile String firstTestTable;

    @AfterEach
    void deleteTheForeignOnes() {
        S3Client s3 = LocalS3.get().client();
        if (foreignBucket != null) {
            s3.listObjectsV2(b -> b.bucket(foreignBucket))
                    .contents()
                    .forEach(o -> s3.deleteObject(b -> b.bucket(foreignBucket).key(o.key())));
            s3.deleteBucket(b -> b.bucket(foreignBucket));
            foreignBucket = null;
        }
        if (foreignTable != null) {
            LocalDynamoDb.get().client().deleteTable(b -> b.tableName(foreignTable));
            foreignTable = null;
        }
    }

    @Test
    void aFailingTestLeavesNothingBehindAndWritesIntoOthersBucketsAndTablesAreUndone() {
        LocalS3 s3 = LocalS3.get();
        LocalDynamoDb dynamo = LocalDynamoDb.get();
        // Made as if by someone else: not recorded, so the kit must not delete them, only what the test adds.
        foreignBucket = ResourceLedger.unrecorded(() -> s3.createBucket("kit-foreign"));
        ResourceLedger.unrecorded(() -> s3.client()
                .putObject(b -> b.bucket(foreignBucket).key("theirs.txt"), RequestBody.fromString("keep me")));
        foreignTable = ResourceLedger.unrecorded(
                () -> dynamo.createTable(LocalDynamoDb.uniqueTableName("kit-foreign"), "name"));
        ResourceLedger.unrecorded(
                () -> dynamo.client().putItem(b -> b.tableName(foreignTable).item(Map.of("name", s("theirs")))));

        TestExecutionSummary summary = run(FailsAfterCreatingThings.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .as("the test's own failure, not one of the cleanup")
                .hasMessage("the test fails after creating things");
        assertThat(bucketNames(s3.client()))
                .contains(foreignBucket)
                .doesNotContain(bucket, versionedBucket, registeredBucket);
        assertThat(deleted(dynamo.client(), foreignTable)).isFalse();
        assertThat(deleted(dynamo.client(), table)).isTrue();
        assertThat(deleted(dynamo.client(), ownClientTable)).isTrue();
        assertThat(s3.client().listObjectsV2(b -> b.bucket(foreignBucket)).contents())
                .extracting(o -> o.key())
                .containsExactly("theirs.txt");
        assertThat(dynamo.client().scan(b -> b.tableName(foreignTable)).items())
                .extracting(item -> item.get("name").s())
                .containsExactly("theirs");
    }

    @Test
    void whatBeforeAllCreatesLivesUntilTheClassEndsAndEachTestsOwnIsGoneBeforeTheNext() {
        TestExecutionSummary summary = run(CreatesInBeforeAllAndInItsTests.class);

        assertThat(summary.getFailures())
                .as("failures")
                .extracting(f -> f.getException().toString())
                .isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(bucketNames(LocalS3.get().client())).doesNotContain(classBucket);
        assertThat(deleted(LocalDynamoDb.get().client(), firstTestTable)).isTrue();
    }

    @Test
    void aResourceThatCannotBeDeletedFailsTheTestNamingItAndTheTest() {
        TestExecutionSummary summary = run(PassesButLeavesSomethingStubborn.class);

        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("streambot-test-kit could not delete what"
                        + " PassesButLeavesSomethingStubborn.passes() created; delete it by hand:")
                .hasMessageContaining("the stubborn thing: java.io.IOException: still in use");
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(request().selectors(selectClass(testClass)).build(), listener);
        return listener.getSummary();
    }

    private static List<String> bucketNames(S3Client s3) {
        return s3.listBuckets().buckets().stream().map(Bucket::name).toList();
    }

    /** Gone, or on its way out (AWS takes a moment to delete a table). */
    private static boolean deleted(DynamoDbClient dynamo, String table) {
        try {
            return dynamo.describeTable(b -> b.tableName(table)).table().tableStatus() == TableStatus.DELETING;
        } catch (ResourceNotFoundException e) {
            return true;
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    @LocalAws
    static class FailsAfterCreatingThings {
        @Test
        void createsThenFails(LocalS3 s3, LocalDynamoDb dynamo) {
            bucket = s3.createBucket("kit-failing");
            s3.client().putObject(b -> b.bucket(bucket).key("a.txt"), RequestBody.fromString("a"));
            s3.client().createMultipartUpload(b -> b.bucket(bucket).key("unfinished.bin"));

            versionedBucket = s3.createBucket("kit-versioned");
            s3.client().putBucketVersioning(b -> b.bucket(versionedBucket)
                    .versioningConfiguration(v -> v.status("Enabled")));
            s3.client().putObject(b -> b.bucket(versionedBucket).key("v.txt"), RequestBody.fromString("1"));
            s3.client().putObject(b -> b.bucket(versionedBucket).key("v.txt"), RequestBody.fromString("2"));
            s3.client().deleteObject(b -> b.bucket(versionedBucket).key("v.txt"));

            table = dynamo.createTable(LocalDynamoDb.uniqueTableName("kit-failing"), "name");
            dynamo.client().putItem(b -> b.tableName(table).item(Map.of("name", s("x"))));
            // Code under test builds its own client: recorded all the same.
            try (DynamoDbClient own = AwsEndpoints.configure(
                            DynamoDbClient.builder(),
                            LocalDynamoDb.SERVICE,
                            dynamo.endpoint().orElseThrow())
                    .build()) {
                ownClientTable = LocalDynamoDb.uniqueTableName("kit-own-client");
                own.createTable(b -> b.tableName(ownClientTable)
                        .billingMode("PAY_PER_REQUEST")
                        .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                        .keySchema(k -> k.attributeName("id").keyType("HASH")));
            }

            // Made by another process (a child build): registered first, then created where the SDK cannot see it.
            registeredBucket = LocalS3.uniqueBucketName("kit-child-made");
            Created.bucket(registeredBucket);
            ResourceLedger.unrecorded(() -> s3.client().createBucket(b -> b.bucket(registeredBucket)));
            ResourceLedger.unrecorded(() -> s3.client()
                    .putObject(b -> b.bucket(registeredBucket).key("child.txt"), RequestBody.fromString("c")));

            s3.client().putObject(b -> b.bucket(foreignBucket).key("mine.txt"), RequestBody.fromString("m"));
            dynamo.client().putItem(b -> b.tableName(foreignTable).item(Map.of("name", s("mine"), "n", s("1"))));
            dynamo.client().updateItem(b -> b.tableName(foreignTable)
                    .key(Map.of("name", s("updated")))
                    .updateExpression("SET n = :n")
                    .expressionAttributeValues(Map.of(":n", s("2"))));

            throw new AssertionError("the test fails after creating things");
        }
    }

    @LocalAws
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class CreatesInBeforeAllAndInItsTests {
        @BeforeAll
        static void bucketForTheClass(LocalS3 s3) {
            classBucket = s3.createBucket("kit-class");
        }

        @Test
        @Order(1)
        void first(LocalS3 s3, LocalDynamoDb dynamo) {
            s3.client().putObject(b -> b.bucket(classBucket).key("first.txt"), RequestBody.fromString("1"));
            firstTestTable = dynamo.createTable(LocalDynamoDb.uniqueTableName("kit-first"), "name");
        }

        @Test
        @Order(2)
        void second(LocalS3 s3, LocalDynamoDb dynamo) {
            assertThat(s3.client().listObjectsV2(b -> b.bucket(classBucket)).contents())
                    .extracting(o -> o.key())
                    .containsExactly("first.txt");
            assertThat(deleted(dynamo.client(), firstTestTable)).isTrue();
        }
    }

    @LocalAws
    static class PassesButLeavesSomethingStubborn {
        @Test
        void passes() {
            Created.resource("the stubborn thing", () -> {
                throw new java.io.IOException("still in use");
            });
        }
    }

    // A table the test deleted itself is no failure of the cleanup.
    @Test
    void aTableTheTestDeletedItselfIsNoFailure() {
        TestExecutionSummary summary = run(DeletesItsOwnTable.class);

        assertThat(summary.getFailures())
                .extracting(f -> f.getException().toString())
                .isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
    }

    @LocalAws
    static class DeletesItsOwnTable {
        @Test
        void createsAndDeletes(LocalDynamoDb dynamo, LocalS3 s3) {
            String name = dynamo.createTable(LocalDynamoDb.uniqueTableName("kit-self-deleted"), "name");
            dynamo.client().deleteTable(b -> b.tableName(name));
            String gone = s3.createBucket("kit-self-deleted");
            s3.client().deleteBucket(b -> b.bucket(gone));
        }
    }
}

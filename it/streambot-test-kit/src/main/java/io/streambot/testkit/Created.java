package io.streambot.testkit;

/**
 * Registers what a test creates in AWS without going through an AWS SDK v2 client of its own JVM, so
 * that it is deleted when the test ends, also when the test fails: buckets, tables and objects made by
 * a child Maven build, another process, or a presigned URL into a bucket the test did not create.
 *
 * <p>Everything made through an SDK client of the test JVM (the kit's clients and those of the code
 * under test) is recorded without this: see {@link CreatedResourceRecorder}. What is registered while a
 * test method (or its {@code @BeforeEach}/{@code @AfterEach}) runs is deleted after that test; in
 * {@code @BeforeAll} or a constructor, after the class. Registering before the resource exists is fine
 * (register the name, then run the child build): a resource that never appeared is skipped. Outside a
 * {@link LocalAws @LocalAws} test nothing is recorded.
 *
 * <pre>{@code
 * String bucket = LocalS3.uniqueBucketName("child-made");
 * Created.bucket(bucket);
 * ChildBuild.of(...).property("streambot.bucket", bucket).property("streambot.upload.createBucket", true).run();
 * }</pre>
 */
public final class Created {
    private Created() {}

    /** A bucket to empty (objects, versions, delete markers, unfinished multipart uploads) and delete. */
    public static void bucket(String name) {
        ResourceLedger.record(new CreatedResource.Bucket(name));
    }

    /** A DynamoDB table to delete. */
    public static void table(String name) {
        ResourceLedger.record(new CreatedResource.Table(name));
    }

    /** An object written into a bucket the test did not create. */
    public static void object(String bucket, String key) {
        ResourceLedger.record(new CreatedResource.S3Object(bucket, key));
    }

    /**
     * Anything else (a Kinesis stream, a file on a shared host): {@code deletion} runs when the test
     * ends; it must not fail when the resource is already gone.
     */
    public static void resource(String description, Deletion deletion) {
        ResourceLedger.record(new CreatedResource.Other(description, deletion));
    }

    /** Deletes one registered resource. */
    @FunctionalInterface
    public interface Deletion {
        void delete() throws Exception;
    }
}

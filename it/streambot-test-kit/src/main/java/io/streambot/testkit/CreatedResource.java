package io.streambot.testkit;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One thing a test made in AWS that must not outlive it; {@link ResourceCleaner} knows how to delete each kind. */
interface CreatedResource {

    /** The bucket or table that holds this resource, or {@code null} when it stands alone. */
    default CreatedResource container() {
        return null;
    }

    /** An S3 bucket: emptied (objects, versions, delete markers, unfinished multipart uploads), then deleted. */
    record Bucket(String name) implements CreatedResource {
        @Override
        public String toString() {
            return "S3 bucket " + name;
        }
    }

    /** A DynamoDB table. */
    record Table(String name) implements CreatedResource {
        @Override
        public String toString() {
            return "DynamoDB table " + name;
        }
    }

    /** An object written into a bucket the test did not create. */
    record S3Object(String bucket, String key) implements CreatedResource {
        @Override
        public CreatedResource container() {
            return new Bucket(bucket);
        }

        @Override
        public String toString() {
            return "S3 object s3://" + bucket + "/" + key;
        }
    }

    /** A multipart upload started in a bucket the test did not create (aborted unless it was completed). */
    record MultipartUpload(String bucket, String key, String uploadId) implements CreatedResource {
        @Override
        public CreatedResource container() {
            return new Bucket(bucket);
        }

        @Override
        public String toString() {
            return "S3 multipart upload " + uploadId + " of s3://" + bucket + "/" + key;
        }
    }

    /**
     * An item written into a table the test did not create; {@code attributes} holds at least its key
     * (the whole item of a PutItem), reduced to the table's key schema when it is deleted.
     */
    record Item(String table, Map<String, AttributeValue> attributes) implements CreatedResource {
        @Override
        public CreatedResource container() {
            return new Table(table);
        }

        @Override
        public String toString() {
            return "DynamoDB item of " + table + " " + attributes.keySet();
        }
    }

    /** Anything else, registered with {@link Created#resource(String, Created.Deletion)}. */
    record Other(String description, Created.Deletion deletion) implements CreatedResource {
        @Override
        public String toString() {
            return description;
        }
    }
}

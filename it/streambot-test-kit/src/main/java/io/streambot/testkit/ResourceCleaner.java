package io.streambot.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Deletes what a test created, through the kit's own clients (which point where the test's did: the
 * in-process servers or the external endpoint). A resource that is already gone counts as deleted.
 */
final class ResourceCleaner {
    private ResourceCleaner() {}

    /** Deletes each resource in the order given and returns one line per resource that is still there. */
    static List<String> delete(List<CreatedResource> resources) {
        List<String> failures = new ArrayList<>();
        for (CreatedResource resource : resources) {
            try {
                delete(resource);
            } catch (Exception e) {
                failures.add(resource + ": " + e);
            }
        }
        return failures;
    }

    private static void delete(CreatedResource resource) throws Exception {
        if (resource instanceof CreatedResource.Other other) {
            other.deletion().delete();
            return;
        }
        if (resource instanceof CreatedResource.Bucket
                || resource instanceof CreatedResource.S3Object
                || resource instanceof CreatedResource.MultipartUpload) {
            Optional<S3Client> s3 = s3();
            if (s3.isPresent()) {
                deleteS3(s3.get(), resource);
            }
            return;
        }
        Optional<DynamoDbClient> dynamo = dynamoDb();
        if (dynamo.isPresent()) {
            deleteDynamoDb(dynamo.get(), resource);
        }
    }

    /** The kit's S3 client; none when S3Mock never started and no external endpoint is set (nothing can exist then). */
    private static Optional<S3Client> s3() {
        return AwsEndpoints.isExternal(LocalS3.SERVICE)
                ? Optional.of(LocalS3.get().client())
                : LocalS3.running().map(LocalS3::client);
    }

    private static Optional<DynamoDbClient> dynamoDb() {
        return AwsEndpoints.isExternal(LocalDynamoDb.SERVICE)
                ? Optional.of(LocalDynamoDb.get().client())
                : LocalDynamoDb.running().map(LocalDynamoDb::client);
    }

    private static void deleteS3(S3Client s3, CreatedResource resource) {
        try {
            if (resource instanceof CreatedResource.Bucket bucket) {
                emptyAndDelete(s3, bucket.name());
            } else if (resource instanceof CreatedResource.S3Object object) {
                s3.deleteObject(b -> b.bucket(object.bucket()).key(object.key()));
            } else if (resource instanceof CreatedResource.MultipartUpload upload) {
                try {
                    s3.abortMultipartUpload(
                            b -> b.bucket(upload.bucket()).key(upload.key()).uploadId(upload.uploadId()));
                } catch (NoSuchUploadException completedOrAborted) {
                    // nothing left of it
                }
            }
        } catch (NoSuchBucketException gone) {
            // the test deleted it itself
        }
    }

    private static void emptyAndDelete(S3Client s3, String bucket) {
        for (MultipartUpload upload :
                s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads()) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
            } catch (NoSuchUploadException finishedMeanwhile) {
                // nothing left of it
            }
        }
        deleteVersions(s3, bucket);
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
        s3.deleteBucket(b -> b.bucket(bucket));
    }

    /** Every version and delete marker of a versioned bucket (an unversioned one lists its objects as version "null"). */
    private static void deleteVersions(S3Client s3, String bucket) {
        List<String[]> versions = new ArrayList<>();
        try {
            s3.listObjectVersionsPaginator(b -> b.bucket(bucket)).forEach(page -> {
                for (ObjectVersion version : page.versions()) {
                    versions.add(new String[] {version.key(), version.versionId()});
                }
                page.deleteMarkers().forEach(marker -> versions.add(new String[] {marker.key(), marker.versionId()}));
            });
        } catch (NoSuchBucketException e) {
            throw e;
        } catch (S3Exception unsupported) {
            return; // a server without versioning: listObjectsV2 below finds everything
        }
        for (String[] version : versions) {
            String versionId = version[1] == null || "null".equals(version[1]) ? null : version[1];
            s3.deleteObject(b -> b.bucket(bucket).key(version[0]).versionId(versionId));
        }
    }

    private static void deleteDynamoDb(DynamoDbClient dynamo, CreatedResource resource) {
        try {
            if (resource instanceof CreatedResource.Table table) {
                deleteTable(dynamo, table.name());
            } else if (resource instanceof CreatedResource.Item item) {
                List<KeySchemaElement> keySchema = dynamo.describeTable(b -> b.tableName(item.table()))
                        .table()
                        .keySchema();
                Map<String, AttributeValue> key = new HashMap<>();
                for (KeySchemaElement element : keySchema) {
                    key.put(element.attributeName(), item.attributes().get(element.attributeName()));
                }
                dynamo.deleteItem(b -> b.tableName(item.table()).key(key));
            }
        } catch (ResourceNotFoundException gone) {
            // the test deleted the table itself
        }
    }

    private static void deleteTable(DynamoDbClient dynamo, String table) {
        try {
            dynamo.deleteTable(b -> b.tableName(table));
        } catch (ResourceInUseException stillCreatingOrUpdating) {
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
            dynamo.deleteTable(b -> b.tableName(table));
        }
    }
}

package io.streambot.testkit;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Records what every AWS SDK v2 client of a test JVM creates, so that {@link LocalAwsExtension} can
 * delete it when the test ends. The SDK adds it to every client it builds, the kit's and those of
 * the code under test alike, because this jar lists it in {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors}. Only successful calls count (a
 * CreateBucket refused because the bucket exists records nothing, so nothing that existed before is
 * deleted), and it never sends a request itself.
 */
public final class CreatedResourceRecorder implements ExecutionInterceptor {

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        if (!ResourceLedger.recording()) {
            return;
        }
        SdkRequest request = context.request();
        if (request instanceof CreateBucketRequest r) {
            ResourceLedger.record(new CreatedResource.Bucket(r.bucket()));
        } else if (request instanceof PutObjectRequest r) {
            ResourceLedger.record(new CreatedResource.S3Object(r.bucket(), r.key()));
        } else if (request instanceof CopyObjectRequest r) {
            ResourceLedger.record(new CreatedResource.S3Object(r.destinationBucket(), r.destinationKey()));
        } else if (request instanceof CreateMultipartUploadRequest r
                && context.response() instanceof CreateMultipartUploadResponse started) {
            ResourceLedger.record(new CreatedResource.MultipartUpload(r.bucket(), r.key(), started.uploadId()));
        } else if (request instanceof CompleteMultipartUploadRequest r) {
            ResourceLedger.record(new CreatedResource.S3Object(r.bucket(), r.key()));
        } else if (request instanceof CreateTableRequest r) {
            ResourceLedger.record(new CreatedResource.Table(r.tableName()));
        } else if (request instanceof PutItemRequest r) {
            ResourceLedger.record(new CreatedResource.Item(r.tableName(), r.item()));
        } else if (request instanceof UpdateItemRequest r) {
            ResourceLedger.record(new CreatedResource.Item(r.tableName(), r.key()));
        } else if (request instanceof BatchWriteItemRequest r) {
            for (Map.Entry<String, List<WriteRequest>> table : r.requestItems().entrySet()) {
                for (WriteRequest write : table.getValue()) {
                    if (write.putRequest() != null) {
                        ResourceLedger.record(new CreatedResource.Item(
                                table.getKey(), write.putRequest().item()));
                    }
                }
            }
        } else if (request instanceof TransactWriteItemsRequest r) {
            for (TransactWriteItem write : r.transactItems()) {
                if (write.put() != null) {
                    ResourceLedger.record(new CreatedResource.Item(
                            write.put().tableName(), write.put().item()));
                } else if (write.update() != null) {
                    ResourceLedger.record(new CreatedResource.Item(
                            write.update().tableName(), write.update().key()));
                }
            }
        }
    }
}

package io.streambot.core.upload;

import io.streambot.core.Events;
import io.streambot.core.InvalidConfigurationException;
import io.streambot.core.aws.AwsCallException;
import io.streambot.core.aws.AwsErrors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ObjectOwnership;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The bucket check: the bucket exists, is in the client's region and is ours, or is created private. */
final class UploadBucket {
    private final S3Client s3;
    private final Events events;

    UploadBucket(S3Client s3, Events events) {
        this.s3 = s3;
        this.events = events;
    }

    /**
     * Makes sure {@code bucket} exists and is usable before anything is written; creates it (private,
     * ACLs disabled, public access blocked) when it is missing and {@code create} is set.
     *
     * @throws InvalidConfigurationException when it is missing, in another region or taken
     * @throws AwsCallException when access is denied or AWS cannot be reached
     */
    void require(String bucket, boolean create) {
        Region region = s3.serviceClientConfiguration().region();
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() == 301) {
                String actual = e.awsErrorDetails()
                        .sdkHttpResponse()
                        .firstMatchingHeader("x-amz-bucket-region")
                        .orElse("another region");
                throw new InvalidConfigurationException(
                        "<region>",
                        "streambot.region",
                        region.id(),
                        "is not the region of bucket '" + bucket + "' (it is in " + actual + ")",
                        "set <region>" + actual + "</region> or use a bucket in " + region.id());
            }
            if (e.statusCode() == 403) {
                throw new AwsCallException(
                        "could not use bucket '" + bucket + "' (<bucket>, -Dstreambot.bucket): access denied. It"
                                + " belongs to another account, or the identity in use lacks s3:ListBucket on it:"
                                + " grant it, or choose another bucket",
                        "AccessDenied",
                        403,
                        e);
            }
            if (e.statusCode() != 404) {
                throw AwsErrors.translate("check the bucket", "s3://" + bucket, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("check the bucket", "s3://" + bucket, e);
        }
        if (!create) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    bucket,
                    "does not exist in region " + region.id(),
                    "create it (`aws s3 mb s3://" + bucket + " --region " + region.id() + "`), fix the name, or set"
                            + " <createBucket>true</createBucket> (-Dstreambot.upload.createBucket) to create a private one");
        }
        createPrivateBucket(bucket, region);
    }

    private void createPrivateBucket(String bucket, Region region) {
        try {
            s3.createBucket(b -> {
                b.bucket(bucket).objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED);
                // us-east-1 is the one region that rejects its own name as a location constraint.
                if (!Region.US_EAST_1.equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // Created by a concurrent build: fine, it is ours.
        } catch (BucketAlreadyExistsException e) {
            throw new InvalidConfigurationException(
                    "<bucket>",
                    "streambot.bucket",
                    bucket,
                    "is taken by another AWS account (bucket names are global)",
                    "choose another name, for example with your account id or project as a prefix");
        } catch (SdkException e) {
            throw AwsErrors.translate("create the bucket", "s3://" + bucket, e);
        }
        try {
            s3.putPublicAccessBlock(b -> b.bucket(bucket).publicAccessBlockConfiguration(p -> p.blockPublicAcls(true)
                    .ignorePublicAcls(true)
                    .blockPublicPolicy(true)
                    .restrictPublicBuckets(true)));
        } catch (S3Exception e) {
            // AWS implements this call everywhere; emulators answer "not implemented", or (S3Mock) route it to
            // CreateBucket and answer BucketAlreadyOwnedByYou, which AWS never answers to this call.
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 404
                    || e.statusCode() == 405
                    || e.statusCode() == 501
                    || "BucketAlreadyOwnedByYou".equals(code)) {
                events.warn("The endpoint does not implement PutPublicAccessBlock (" + e.statusCode() + "): bucket '"
                        + bucket + "' relies on its default of no public access");
            } else {
                throw AwsErrors.translate("block public access on the new bucket", "s3://" + bucket, e);
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("block public access on the new bucket", "s3://" + bucket, e);
        }
        events.info("Created bucket '" + bucket + "' in " + region.id() + " (private, ACLs disabled, public access"
                + " blocked)");
    }
}

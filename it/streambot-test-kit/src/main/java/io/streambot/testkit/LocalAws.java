package io.streambot.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class real local AWS servers: declare parameters of the types listed in {@link
 * LocalAwsExtension} and the servers they need start (once per JVM) on free loopback ports. What a
 * test creates in them (or at the external endpoint) is deleted when it ends, also when it fails; see
 * {@link Created}.
 *
 * <pre>{@code
 * @LocalAws
 * class ConfigTableTest {
 *     @Test
 *     void roundTrip(LocalDynamoDb dynamo, LocalS3 s3) { ... }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LocalAwsExtension.class)
public @interface LocalAws {}

package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** The extension's WireMock reset and external-endpoint skip, for classes that take WireMock outside the test method. */
class LocalAwsExtensionTest {

    @Nested
    @LocalAws
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WireMockTakenOnlyByBeforeEach {
        private AwsWireMock wire;
        private int stubsBeforeSetUp;
        private int requestsBeforeSetUp;

        @BeforeEach
        void script(AwsWireMock wire) {
            this.wire = wire;
            stubsBeforeSetUp = wire.server().getStubMappings().size();
            requestsBeforeSetUp = wire.server().getAllServeEvents().size();
            wire.stubCloudFormation("DescribeStacks", "<Stacks/>");
        }

        @Test
        @Order(1)
        void theFirstTestStartsFromAResetServer() {
            wire.cloudFormation().describeStacks();

            assertThat(stubsBeforeSetUp).isZero();
            assertThat(requestsBeforeSetUp).isZero();
        }

        @Test
        @Order(2)
        void theNextTestStartsFromAResetServerToo() {
            assertThat(stubsBeforeSetUp).isZero();
            assertThat(requestsBeforeSetUp).isZero();
        }
    }

    @Nested
    @LocalAws
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class WireMockTakenOnlyByBeforeAll {
        private AwsWireMock wire;

        @BeforeAll
        void keep(AwsWireMock wire) {
            this.wire = wire;
        }

        @Test
        @Order(1)
        void aTestScriptsIt() {
            wire.stubCloudFormation("DescribeStacks", "<Stacks/>");

            assertThat(wire.server().getStubMappings()).hasSize(1);
        }

        @Test
        @Order(2)
        void theNextTestOfTheClassFindsItReset() {
            assertThat(wire.server().getStubMappings()).isEmpty();
        }
    }

    @Test
    void classesThatTakeWireMockAnywhereAreSkippedWhenItsApiIsExternal() {
        String property = AwsEndpoints.ENDPOINT_PROPERTY + "." + AwsWireMock.CLOUDFORMATION;
        String previous = System.getProperty(property);
        Map<String, String> skipped = new ConcurrentHashMap<>();
        List<String> started = new CopyOnWriteArrayList<>();
        System.setProperty(property, "http://127.0.0.1:9");
        try {
            LauncherFactory.create()
                    .execute(
                            request()
                                    .selectors(
                                            selectClass(TakesItInBeforeEach.class),
                                            selectClass(TakesItInBeforeAll.class),
                                            selectClass(TakesItInConstructor.class),
                                            selectClass(TakesItInTheTestMethod.class))
                                    .build(),
                            new TestExecutionListener() {
                                @Override
                                public void executionSkipped(TestIdentifier test, String reason) {
                                    skipped.put(test.getDisplayName(), reason);
                                }

                                @Override
                                public void executionStarted(TestIdentifier test) {
                                    if (test.isTest()) {
                                        started.add(test.getDisplayName());
                                    }
                                }

                                @Override
                                public void executionFinished(TestIdentifier test, TestExecutionResult result) {}
                            });
        } finally {
            if (previous == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, previous);
            }
        }

        assertThat(started).isEmpty();
        assertThat(skipped)
                .containsOnlyKeys(
                        "LocalAwsExtensionTest$TakesItInBeforeEach",
                        "LocalAwsExtensionTest$TakesItInBeforeAll",
                        "LocalAwsExtensionTest$TakesItInConstructor",
                        "scripted(AwsWireMock)")
                .allSatisfy((name, reason) -> assertThat(reason)
                        .isEqualTo("scripted WireMock test skipped: cloudformation goes to the external endpoint"
                                + " http://127.0.0.1:9"));
    }

    // Run only through the launcher above: surefire leaves nested non-@Nested classes alone.

    @LocalAws
    static class TakesItInBeforeEach {
        @BeforeEach
        void script(LambdaClient lambda) {}

        @Test
        void scripted() {}
    }

    @LocalAws
    static class TakesItInBeforeAll {
        @BeforeAll
        static void script(CloudFormationClient cloudFormation) {}

        @Test
        void scripted() {}
    }

    @LocalAws
    static class TakesItInConstructor {
        TakesItInConstructor(AwsWireMock wire) {}

        @Test
        void scripted() {}
    }

    @LocalAws
    static class TakesItInTheTestMethod {
        @Test
        void scripted(AwsWireMock wire) {}
    }
}

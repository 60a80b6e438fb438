package io.streambot.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceTemplateTest {
    @TempDir
    Path dir;

    private static final String GOOD_ROLE =
            """
            {"Resources": {
              "Role": {"Type": "AWS::IAM::Role", "Properties": {"Policies": [{"PolicyDocument": {"Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:GetItem"],
                 "Resource": {"Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${ConfigTableName}"},
                 "Condition": {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": [{"Ref": "AWS::StackName"}]}}}
              ]}}]}},
              "Connector": {"Type": "Custom::StreambotConnector", "DependsOn": "Config"}
            }}
            """;

    private ServiceTemplate template(String json) throws IOException {
        Path file = dir.resolve("template.json");
        Files.writeString(file, json);
        return ServiceTemplate.load(file);
    }

    @Test
    void aLeastPrivilegeTemplatePasses() throws IOException {
        assertThatCode(() -> template(GOOD_ROLE)
                        .assertNoHardCodedRegionPartitionOrAccount()
                        .assertReadsOnlyItsOwnConfigRecord("Role")
                        .assertDependsOn("Connector", "Config"))
                .doesNotThrowAnyException();
    }

    @Test
    void aHardCodedRegionOrPartitionFails() throws IOException {
        String hardCoded =
                GOOD_ROLE.replace("arn:${AWS::Partition}:dynamodb:${AWS::Region}", "arn:aws:dynamodb:us-east-1");
        assertThatThrownBy(() -> template(hardCoded).assertNoHardCodedRegionPartitionOrAccount())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("arn:aws:dynamodb:us-east-1");
    }

    @Test
    void readingTheConfigTableWithoutLeadingKeysFails() throws IOException {
        String open = GOOD_ROLE.replace(
                ",\n     \"Condition\": {\"ForAllValues:StringEquals\": {\"dynamodb:LeadingKeys\": [{\"Ref\": \"AWS::StackName\"}]}}",
                "");
        assertThatThrownBy(() -> template(open).assertReadsOnlyItsOwnConfigRecord("Role"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("without a dynamodb:LeadingKeys condition");
    }

    @Test
    void moreThanGetItemOnTheConfigTableFails() throws IOException {
        String wide = GOOD_ROLE.replace("[\"dynamodb:GetItem\"]", "[\"dynamodb:GetItem\", \"dynamodb:Scan\"]");
        assertThatThrownBy(() -> template(wide).assertReadsOnlyItsOwnConfigRecord("Role"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("more than dynamodb:GetItem");
    }

    @Test
    void aConnectorThatDoesNotWaitForTheConfigFails() throws IOException {
        String eager = GOOD_ROLE.replace(", \"DependsOn\": \"Config\"", "");
        assertThatThrownBy(() -> template(eager).assertDependsOn("Connector", "Config"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Connector does not depend on Config");
    }
}
